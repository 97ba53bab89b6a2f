from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Hoạt động tuyên truyền")

    def ready(self):
        from events import follow_ups, notices, photos

        follow_ups.register(
            follow_ups.THUMBNAIL, lambda payload: photos.make_thumbnail(payload["photo_id"])
        )
        follow_ups.register(
            follow_ups.REVIEW_NOTICE,
            lambda payload: notices.send_review_notice(payload["session_id"], payload["action"]),
        )
