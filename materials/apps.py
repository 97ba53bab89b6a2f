from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How many of a campaign's materials its page lists.
CAMPAIGN_MATERIALS_SHOWN = 6


def _queue_previews_after_publish(sender, instance, **kwargs):
    from django.db import transaction

    from materials.tasks import queue_previews

    # After the commit: a worker must find the published file rows.
    transaction.on_commit(lambda: queue_previews(instance))


def _material_file_count(language):
    """Materials with a file in ``language`` out of all materials (each counted once)."""
    from django.conf import settings

    from materials.models import MaterialFile, MaterialPage

    total = MaterialPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).count()
    done = (
        MaterialFile.objects.filter(language=language)
        .values("page__translation_key")
        .distinct()
        .count()
    )
    return done, total


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Thư viện tài liệu")

    def ready(self):
        from wagtail.signals import page_published

        from campaigns import sections
        from campaigns.visibility import live_pages_of_campaign
        from materials import library  # noqa: F401  (registers the pages' contexts)
        from materials.models import MaterialPage

        sections.register(
            "campaign_materials",
            lambda campaign: live_pages_of_campaign(MaterialPage, campaign).order_by("title")[
                :CAMPAIGN_MATERIALS_SHOWN
            ],
        )

        from locales.status import register_count

        register_count(_("Tệp tài liệu"), _material_file_count)

        page_published.connect(
            _queue_previews_after_publish, sender=MaterialPage, dispatch_uid="materials-previews"
        )
