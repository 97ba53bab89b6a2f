from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from events import follow_ups
        from portal import frontend_cache, page_cache, scheduler, signals, task_backend

        signals.connect()
        follow_ups.register(page_cache.PURGE_FOLLOW_UP, page_cache.run_purge_follow_up)
        follow_ups.register(task_backend.DJANGO_TASK_FOLLOW_UP, task_backend.run_waiting_task)
        follow_ups.register(frontend_cache.PURGE_FOLLOW_UP, frontend_cache.purge_all)
        # Without Redis, runserver runs the beat schedule in a thread of its own.
        scheduler.start_if_serving()
