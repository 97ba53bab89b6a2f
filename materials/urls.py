"""Library URLs inside the language prefix: counted downloads and QR images."""

from django.urls import path

from materials import views

urlpatterns = [
    path(
        "<int:material_id>/tai-ve/<str:language>/<str:kind>/",
        views.download,
        name="material_download",
    ),
    path(
        "<int:material_id>/ma-qr/<str:language>.<str:fmt>",
        views.qr_image,
        name="material_qr",
    ),
]
