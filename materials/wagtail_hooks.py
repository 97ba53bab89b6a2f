from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from materials import admin_views, draft_files
from materials.models import MaterialPage

hooks.register("before_serve_document", draft_files.refuse_draft_file)


@hooks.register("register_admin_urls")
def register_material_urls():
    return [
        path("materials/<int:page_id>/qr/", admin_views.qr_codes, name="materials_qr_codes"),
        path(
            "materials/<int:page_id>/qr/<str:language>.<str:fmt>",
            admin_views.qr_file,
            name="materials_qr_file",
        ),
        path("materials/downloads/", admin_views.download_report, name="materials_downloads"),
    ]


@hooks.register("register_page_header_buttons")
def qr_codes_button(page, user, view_name, next_url=None):
    if page.pk and page.specific_class and issubclass(page.specific_class, MaterialPage):
        yield Button(
            _("Mã QR để in"),
            reverse("materials_qr_codes", args=[page.pk]),
            icon_name="link",
            priority=80,
        )


@hooks.register("register_reports_menu_item")
def register_download_report():
    return MenuItem(
        _("Lượt tải tài liệu"),
        reverse("materials_downloads"),
        icon_name="download",
        order=700,
    )
