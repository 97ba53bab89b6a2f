"""The public aggregate pages, under the language prefix: /vi/chi-tieu/<unit code>/<period>/."""

from django.urls import path

from indicators import views

app_name = views.PUBLIC_NAMESPACE

urlpatterns = [
    path("", views.public_index, name="index"),
    path("<str:code>/", views.public_unit_default, name="unit"),
    path("<str:code>/<str:period>/", views.public_page, name="page"),
]
