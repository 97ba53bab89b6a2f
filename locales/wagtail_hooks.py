from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from locales import views


@hooks.register("register_admin_urls")
def register_status_urls():
    return [
        path("translations/", views.status_view, name="locales_status"),
        path(
            "translations/<str:language>/strings.<str:extension>",
            views.download,
            name="locales_download",
        ),
        path("translations/<str:language>/upload/", views.upload, name="locales_upload"),
    ]


class StatusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    return StatusMenuItem(
        _("Tình trạng dịch"),
        reverse_lazy("locales_status"),
        name="translation-status",
        icon_name="globe",
        order=700,
    )
