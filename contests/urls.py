"""/<lang>/thi/…: an attempt's quiz and result; the contest page itself is a Wagtail page."""

from django.urls import path

from contests import views

app_name = "contests"

urlpatterns = [
    path("lan-thi/<uuid:attempt_id>/", views.quiz, name="quiz"),
    path("lan-thi/<uuid:attempt_id>/ket-qua/", views.result, name="result"),
]
