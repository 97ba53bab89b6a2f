from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _queue_previews_after_publish(sender, instance, **kwargs):
    from django.db import transaction

    from materials.tasks import queue_previews

    # After the commit: a worker must find the published file rows.
    transaction.on_commit(lambda: queue_previews(instance))


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Thư viện tài liệu")

    def ready(self):
        from wagtail.signals import page_published

        from materials.models import MaterialPage

        page_published.connect(
            _queue_previews_after_publish, sender=MaterialPage, dispatch_uid="materials-previews"
        )
