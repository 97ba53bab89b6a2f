"""The public leaderboard: the winners of each published round, with masked names.

Shows only what ``RankedEntry`` holds for the public (rank, masked name,
score, duration), never a phone number, school or commune. A round appears once
it is ranked and an officer has ticked "công bố kết quả"; until then the page
says results are not out yet. A few queries whatever the number of entrants.
"""

from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from wagtail.models import Locale

from contests.models import Contest, ContestPage, RankedEntry, Round


def published_rounds(contest):
    return Round.objects.filter(
        contest=contest, results_published=True, ranked_at__isnull=False
    ).order_by("-number")


def winners_by_round(rounds):
    """{round id: [entries]} for the first ``winners_count`` places of each round, one query."""
    entries = (
        RankedEntry.objects.filter(round__in=rounds, rank__lte=F("round__winners_count"))
        .order_by("round_id", "rank")
        .values("round_id", "rank", "display_name", "score", "duration_ms", "attempt__max_score")
    )
    grouped = {r.pk: [] for r in rounds}
    for entry in entries:
        entry["time"] = minutes_seconds(entry["duration_ms"])
        grouped[entry["round_id"]].append(entry)
    return grouped


def minutes_seconds(duration_ms) -> str:
    """62,400 ms → "1:02.4": tenths matter when two winners tie on everything else."""
    tenths = round(duration_ms / 100)
    minutes, tenths = divmod(tenths, 600)
    return f"{minutes}:{tenths // 10:02d}.{tenths % 10}"


def contest_page_for(contest):
    """The contest's live page in the reader's language, else in any language."""
    pages = ContestPage.objects.live().filter(contest=contest)
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    return (locale and pages.filter(locale=locale).first()) or pages.first()


def leaderboard(request, contest_id):
    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None:
        raise Http404
    contest_page = contest_page_for(contest)
    if contest_page is None:
        raise Http404  # a contest without a live page is not public
    rounds = list(published_rounds(contest))
    winners = winners_by_round(rounds)
    return render(
        request,
        "contests/leaderboard.html",
        {
            "contest": contest,
            "contest_page": contest_page,
            "rounds": [(r, winners[r.pk]) for r in rounds],
        },
    )
