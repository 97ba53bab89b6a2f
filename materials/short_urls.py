"""The short links printed as QR codes, outside the language prefix: /q/<code>[/<batch>]."""

from django.urls import path

from materials import views

urlpatterns = [
    path("<str:code>", views.qr_scan, name="qr_scan"),
    path("<str:code>/<str:batch>", views.qr_scan, name="qr_scan_batch"),
]
