from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Chiến dịch và truyền thông")

    def ready(self):
        from campaigns import listings  # noqa: F401  (registers the pages' contexts)
        from campaigns.models import MediaItem
        from places import freshness

        # A press item counts for its unit, the units above it and, from above, those below.
        freshness.connect_model(
            MediaItem,
            lambda item: [item.org_unit_id],
            lambda item: (item.published_on, item.published_on),
            below=True,
        )
