"""The volunteer's /<lang>/log/ pages, included under the language prefix by portal.urls."""

from django.urls import path

from events import views

app_name = "log"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.new_session, name="new"),
    path("submit/", views.submit_json, name="submit"),
    path("venues/", views.venue_search, name="venues"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_session, name="edit"),
    path("<int:pk>/send/", views.send_for_review, name="send"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.photo, {"thumbnail": True}, name="thumbnail"),
    path("login/", views.LogLoginView.as_view(), name="login"),
    path("logout/", views.LogLogoutView.as_view(), name="logout"),
    path("sw.js", views.service_worker, name="sw"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
