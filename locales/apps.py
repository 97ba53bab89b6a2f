from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalesConfig(AppConfig):
    name = "locales"
    verbose_name = _("Ngôn ngữ và bản dịch")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the catalog check)
        from .languages import register
        from .permissions import name_permissions_in_vietnamese

        post_migrate.connect(name_permissions_in_vietnamese, dispatch_uid="vi-permissions")

        register()
