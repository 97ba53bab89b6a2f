"""The public leaderboard: winners of published rounds, masked, and nothing personal."""

import pytest
from django.urls import reverse
from django.utils import translation

from contests import ranking
from tests.contests.factories import AttemptFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def url(contest):
    with translation.override("vi"):
        return reverse("contests:leaderboard", args=[contest.pk])


@pytest.fixture
def ranked(contest_page, closed_round):
    for n, (name, score) in enumerate(
        [("Giàng Thị Mai", 5), ("Vàng A Dính", 4), ("Lý Seo Chứ", 3), ("Hà Văn Nam", 2)]
    ):
        participant = ParticipantFactory(
            contest=closed_round.contest,
            full_name=name,
            phone=f"+8491234567{n}",
            school_or_workplace="Trường PTDTNT Lâm Bình",
        )
        AttemptFactory(
            round=closed_round,
            participant=participant,
            score=score,
            all_correct=score == 5,
            duration_ms=62_400 + n,
        )
    ranking.rank_round(closed_round.pk)
    closed_round.refresh_from_db()
    return closed_round


def test_a_published_round_shows_its_winners_with_masked_names_only(client, ranked):
    ranked.results_published = True
    ranked.winners_count = 3
    ranked.save()

    response = client.get(url(ranked.contest))

    assert response.status_code == 200
    html = response.content.decode()
    for masked in ("Giàng T. M.", "Vàng A. D.", "Lý S. C."):
        assert masked in html
    assert "Hà V. N." not in html  # fourth place: beyond the winners shown
    for private in ("Giàng Thị Mai", "+849123", "0912", "PTDTNT", "Thị Mai"):
        assert private not in html
    assert "5/5" in html and "1:02.4" in html
    assert "1 người trả lời đúng tất cả các câu." in html


def test_an_unpublished_round_shows_no_names(client, ranked):
    html = client.get(url(ranked.contest)).content.decode()
    assert "Giàng T. M." not in html
    assert "Chưa có kết quả được công bố" in html


def test_a_contest_without_a_live_page_has_no_leaderboard(client, contest):
    assert client.get(url(contest)).status_code == 404


def test_the_leaderboard_takes_a_fixed_number_of_queries(
    client, ranked, django_assert_max_num_queries
):
    ranked.results_published = True
    ranked.save()
    for _n in range(20):
        AttemptFactory(round=ranked, score=1, all_correct=False)
    ranking.rank_round(ranked.pk, force=True)
    with django_assert_max_num_queries(12):
        assert client.get(url(ranked.contest)).status_code == 200


def test_a_purged_contest_keeps_its_masked_winners(client, ranked):
    import datetime

    from django.utils import timezone

    from contests.privacy import purge_contest

    ranked.results_published = True
    ranked.save()
    contest = ranked.contest
    contest.results_final_at = timezone.now() - datetime.timedelta(days=1)
    contest.save()
    purge_contest(contest)
    assert "Giàng T. M." in client.get(url(contest)).content.decode()
