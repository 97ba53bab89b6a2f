from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Small things every app shares (analytics events, page views, queued tasks): the bottom
    layer, importing no app of the project."""

    name = "common"
    verbose_name = _("Dùng chung")

    def ready(self):
        from common.spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()

        from common.names import use_family_name_first

        use_family_name_first()
