from django.core.management import call_command
from django.utils import timezone

from contests.models import Contest, ContestPage, Question, Round
from portal.models import HomePage


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


def test_the_hmong_texts_are_marked_samples_never_invented(db):
    call_command("load_demo_content", verbosity=0)
    for question in Question.objects.all():
        hmong = question.texts["hmn"]["text"]
        assert hmong.startswith("[Bản mẫu – chờ người dịch tiếng H'Mông]")
        assert hmong.endswith(question.texts["vi"]["text"])
    page = ContestPage.objects.get(locale__language_code="hmn")
    assert page.awaiting_native_translation
    assert page.title.startswith("[Bản mẫu")
    assert not ContestPage.objects.get(locale__language_code="vi").awaiting_native_translation


def test_a_second_run_changes_nothing(db):
    call_command("load_demo_content", verbosity=0)
    before = counts()
    call_command("load_demo_content", verbosity=0)
    assert counts() == before
    assert before[3] == HomePage.objects.count()  # one contest page per language


def test_the_demo_contest_page_serves_in_vietnamese_and_hmong(client, db):
    call_command("load_demo_content", verbosity=0)
    for page in ContestPage.objects.filter(locale__language_code__in=["vi", "hmn"]):
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.consent_text in response.content.decode()
