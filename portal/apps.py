from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from portal import scheduler, signals

        signals.connect()
        # Without Redis, runserver runs the beat schedule in a thread of its own.
        scheduler.start_if_serving()
