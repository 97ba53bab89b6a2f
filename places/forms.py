from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm

from places import scope, services


class MembershipForm(WagtailAdminModelForm):
    """A user's home unit, chosen within the editing administrator's own subtree."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields and self.for_user is not None:
            unit = scope.home_unit(self.for_user)
            users = get_user_model().objects.order_by("username")
            if not self.for_user.is_superuser:
                # Users not yet placed anywhere, and users placed within this subtree.
                placed_here = Q(membership__home_unit__path__startswith=unit.path) if unit else Q()
                users = users.filter(Q(membership__isnull=True) | placed_here)
                users = users.filter(is_superuser=False)
            self.fields["user"].queryset = users

    def clean_home_unit(self):
        unit = self.cleaned_data["home_unit"]
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit


class OrgUnitSearchForm(BaseFilterForm):
    """The org unit chooser's search box: code or name, with or without diacritics."""

    q = forms.CharField(
        label=_("Tìm theo tên hoặc mã"),
        widget=forms.TextInput(attrs={"placeholder": _("Tìm kiếm")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            condition = services.unit_search_filter(query, words_inside=True)
            objects = objects.filter(condition) if condition else objects.none()
        return objects
