from django.core.management import call_command
from django.utils import timezone

from contests.models import Contest, ContestPage, Question, Round


def counts():
    return (
        Question.objects.count(),
        Contest.objects.count(),
        Round.objects.count(),
        ContestPage.objects.count(),
    )


def test_the_demo_contest_has_twelve_questions_an_open_and_a_past_round(db):
    call_command("load_demo_content", verbosity=0)
    contest = Contest.objects.get()
    assert Question.objects.filter(bank=contest.bank).count() == 12
    assert all(q.choices.filter(is_correct=True).exists() for q in Question.objects.all())
    rounds = list(contest.rounds.order_by("number"))
    now = timezone.now()
    assert rounds[0].closes_at < now
    assert rounds[1].opens_at <= now < rounds[1].closes_at


def test_the_demo_contest_is_in_vietnamese_only_with_no_sample_copies(db):
    call_command("load_demo_content", verbosity=0)
    assert all(set(question.texts) == {"vi"} for question in Question.objects.all())
    assert set(ContestPage.objects.values_list("locale__language_code", flat=True)) == {"vi"}
    assert not ContestPage.objects.filter(awaiting_native_translation=True).exists()


def test_a_second_run_changes_nothing(db):
    call_command("load_demo_content", verbosity=0)
    before = counts()
    call_command("load_demo_content", verbosity=0)
    assert counts() == before
    assert before[3] == 1  # the Vietnamese contest page


def test_the_demo_contest_page_serves_in_vietnamese(client, db):
    call_command("load_demo_content", verbosity=0)
    for page in ContestPage.objects.filter(locale__language_code="vi"):
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.consent_text in response.content.decode()
