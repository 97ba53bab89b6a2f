"""Issue 12, item 5: the embedded default (``make run``, no Redis) runs beat's schedule itself."""

import datetime
import time

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from contests.attempts import submit_attempt
from contests.models import Round
from portal.scheduler import Scheduler, should_run
from tests.contests.factories import AttemptFactory, ClosedRoundFactory, RoundFactory

WAIT_SECONDS = 60


def test_without_redis_the_serving_process_of_runserver_runs_the_schedule(settings):
    settings.EMBEDDED_BEAT = True
    serving = {"RUN_MAIN": "true"}
    assert should_run(["manage.py", "runserver", "127.0.0.1:8000"], serving)
    assert should_run(["manage.py", "runserver", "--noreload"], {})


def test_the_autoreloader_parent_and_other_commands_do_not_run_the_schedule(settings):
    settings.EMBEDDED_BEAT = True
    assert not should_run(["manage.py", "runserver", "127.0.0.1:8000"], {})
    assert not should_run(["manage.py", "migrate"], {"RUN_MAIN": "true"})
    assert not should_run(["pytest"], {"RUN_MAIN": "true"})


def test_with_redis_celery_beat_runs_the_schedule_and_runserver_does_not(settings):
    settings.EMBEDDED_BEAT = False
    assert not should_run(["manage.py", "runserver", "--noreload"], {"RUN_MAIN": "true"})


def test_the_schedule_ranks_closed_rounds_publishes_and_sends_follow_ups_every_minute():
    by_task = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in (
        "contests.rank_closed_rounds",
        "portal.publish_scheduled",
        "events.dispatch_follow_ups",
    ):
        assert by_task[task] <= 60
    assert "indicators.refresh_stale" in by_task
    assert "indicators.send_report_reminders" in by_task


def test_an_entry_first_runs_one_interval_after_the_start_and_a_crontab_at_its_time():
    scheduler = Scheduler(
        {
            "minutely": {"task": "events.dispatch_follow_ups", "schedule": 60.0},
            "nightly": {"task": "indicators.refresh_all", "schedule": crontab(hour=2, minute=15)},
        }
    )
    assert scheduler.run_pending() == []


@pytest.mark.django_db(transaction=True)
def test_a_round_that_closes_under_make_run_is_ranked_by_the_schedule_thread():
    round_ = ClosedRoundFactory()
    AttemptFactory(round=round_, started_at=round_.closes_at - datetime.timedelta(hours=1))
    scheduler = Scheduler(
        {"rank": {"task": "contests.rank_closed_rounds", "schedule": 0.2}}, tick=0.05
    )
    scheduler.start()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            round_.refresh_from_db()
            if round_.ranked_at is not None:
                break
            time.sleep(0.1)
    finally:
        scheduler.stop()
    assert round_.ranked_at is not None
    assert Round.objects.get(pk=round_.pk).ranking.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_round_closed_under_make_run_is_ranked_within_two_minutes_with_its_last_entries(
    monkeypatch,
):
    """The embedded schedule's own ranking entry, on a clock the test drives second by
    second: an entrant still answering at the close submits within the grace, and the
    round is ranked, with that entry, less than two minutes after the close."""
    closes = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    clock = {"now": closes - datetime.timedelta(seconds=10)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    round_ = RoundFactory(opens_at=closes - datetime.timedelta(days=7), closes_at=closes)
    AttemptFactory(round=round_, started_at=closes - datetime.timedelta(minutes=20))
    answering = AttemptFactory(
        round=round_,
        started_at=closes - datetime.timedelta(minutes=4),
        deadline_at=closes,  # a start's deadline never passes the round's close
        submitted_at=None,
        score=None,
    )
    ranking_entry = {
        name: entry
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] == "contests.rank_closed_rounds"
    }
    scheduler = Scheduler(ranking_entry, clock=lambda: clock["now"])

    while clock["now"] < closes + datetime.timedelta(minutes=5):
        clock["now"] += datetime.timedelta(seconds=1)
        if clock["now"] == closes + datetime.timedelta(
            seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS
        ):
            assert submit_attempt(answering.pk, {}, now=clock["now"]).first_submission
        scheduler.run_pending()
        if Round.objects.filter(pk=round_.pk, ranked_at__isnull=False).exists():
            break

    ranked_at = Round.objects.get(pk=round_.pk).ranked_at
    assert ranked_at is not None
    assert ranked_at - closes <= datetime.timedelta(minutes=2)
    assert round_.ranking.count() == 2
