from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Chiến dịch và truyền thông")

    def ready(self):
        from campaigns import listings  # noqa: F401  (registers the pages' contexts)
