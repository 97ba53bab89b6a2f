"""/<lang>/thi/…: an attempt's quiz and result; the contest page itself is a Wagtail page."""

from django.urls import path

from contests import leaderboard, views

app_name = "contests"

urlpatterns = [
    path("lan-thi/<uuid:attempt_id>/", views.quiz, name="quiz"),
    path("lan-thi/<uuid:attempt_id>/ket-qua/", views.result, name="result"),
    path("<int:contest_id>/ket-qua/", leaderboard.leaderboard, name="leaderboard"),
]
