from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ tiêu")

    def ready(self):
        from events import follow_ups
        from indicators import services

        follow_ups.register(follow_ups.INDICATOR_REFRESH, services.note_change)
