"""The registers in the admin menu ("Sổ theo dõi"), scoped like every list of the admin."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from places.viewsets import ScopedPermissionPolicy
from registers.models import (
    Commendation,
    CreativeContest,
    CreativeEntry,
    NetworkMember,
    PilotModel,
)
from registers.viewsets import RegistersGroup

# Policies first: Wagtail refuses a custom policy once it has made a fallback one.
for model in (PilotModel, Commendation, CreativeContest, CreativeEntry, NetworkMember):
    register_permission_policy(model, ScopedPermissionPolicy(model))

register_snippet(RegistersGroup)
