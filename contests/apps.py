from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Cuộc thi trực tuyến")

    def ready(self):
        from campaigns import sections
        from campaigns.visibility import live_pages_of_campaign
        from contests import views  # noqa: F401  (registers the contest page's serve)
        from contests.models import ContestPage

        sections.register(
            "contests",
            lambda campaign: live_pages_of_campaign(ContestPage, campaign).order_by("title"),
        )
