"""Entrants on a low-end phone take the demo quiz, end to end, in real Chromium at 360 px."""

import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contests import sms, state
from contests.models import Attempt, Choice, ContestPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Codes go to this process's outbox, which the live server shares; contest state fresh."""
    settings.SMS_BACKEND = "memory"
    sms.outbox.clear()
    state.forget()
    yield sms.outbox
    state.forget()


def last_code():
    return re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)


def enter(page, name="Giàng Thị Mai", phone="0912 345 678"):
    """Fill the entry form, ask for the code, type it and start, at once as a quick person would."""
    form = page.locator("form.entry-form")
    form.locator('input[name="full_name"]').fill(name)
    form.locator('input[name="phone"]').fill(phone)
    form.locator('input[name="birth_year"]').fill(str(timezone.now().year - 19))
    form.locator('input[name="consent"]').check()
    form.locator('button[name="send_code"]').click()
    expect(page.locator(".verify .notice-ok")).to_be_visible()
    form = page.locator("form.entry-form")
    expect(form.locator('input[name="full_name"]')).to_have_value(name)
    form.locator('input[name="code"]').fill(last_code())
    form.locator("button.button:not([name])").click()


def test_an_entrant_takes_the_quiz_in_hmong(
    live_server, demo_content, hmong_versions, phone_page, screenshots_dir
):
    contest_page = ContestPage.objects.get(locale__language_code="hmn")
    page = phone_page
    page.goto(f"{live_server.url}{contest_page.url}")
    expect(page.locator("html")).to_have_attribute("lang", "hmn")
    expect(page.locator("h1")).to_contain_text("Bản mẫu")
    page.screenshot(path=screenshots_dir / "contest-entry-hmn-360.png", full_page=True)
    enter(page)

    page.wait_for_url(re.compile(r"/hmn/thi/lan-thi/[0-9a-f-]+/(#vao-thi)?$"))
    attempt_id = re.search(r"/lan-thi/([0-9a-f-]+)/", page.url).group(1)
    attempt = Attempt.objects.get(pk=uuid.UUID(attempt_id))
    assert attempt.language == "hmn"
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(len(attempt.question_ids))
    expect(questions.first).to_contain_text("Bản mẫu – chờ người dịch tiếng H'Mông")
    expect(page.locator(".countdown")).to_have_text(re.compile(r"\d+:\d\d"))

    correct = Choice.objects.filter(question_id__in=attempt.question_ids, is_correct=True)
    for choice in correct:
        page.locator(f'input[name="q{choice.question_id}"][value="{choice.pk}"]').check()
    page.locator('input[name="prediction"]').fill("25")
    page.screenshot(path=screenshots_dir / "contest-quiz-hmn-360.png", full_page=True)
    page.locator("form.quiz-form button.submit-quiz").click()

    page.wait_for_url(re.compile(r"/ket-qua/(#vao-thi)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "hmn")
    expect(page.locator(".score-later")).to_be_visible()  # a ranked round: score after it closes
    page.screenshot(path=screenshots_dir / "contest-result-hmn-360.png", full_page=True)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.prediction) == (len(attempt.question_ids), 25)
    page.problems.assert_none()


def test_an_entrant_is_never_stuck(live_server, demo_content, phone_page, screenshots_dir):
    """Quick entry, resuming after leaving, tries left, unanswered questions named, the way on."""
    contest_page = ContestPage.objects.get(locale__language_code="vi")
    page = phone_page
    page.goto(f"{live_server.url}{contest_page.url}")
    page.reload()  # a start within seconds of a reload is a person's pace, not a bot's
    enter(page)
    page.wait_for_url(re.compile(r"/vi/thi/lan-thi/[0-9a-f-]+/(#vao-thi)?$"))
    quiz_url = page.url.split("#")[0]
    expect(page.locator(".attempt-number")).to_contain_text("Lượt thi thứ 1/3")
    first = page.locator("fieldset.question").first
    first.locator("input").first.check()

    # The phone goes back to the contest page: the unfinished attempt waits, no try is lost.
    page.goto(f"{live_server.url}{contest_page.url}")
    expect(page.locator(".tries-left")).to_contain_text("Bạn còn 2 lượt thi")
    page.get_by_role("link", name="Làm tiếp").click()
    expect(page).to_have_url(quiz_url)
    assert Attempt.objects.count() == 1

    page.locator("fieldset.question").first.locator("input").first.check()
    page.locator("form.quiz-form button.submit-quiz").click()
    notice = page.locator(".unanswered-notice")
    expect(notice).to_be_visible()
    count = page.locator("fieldset.question").count()
    numbers = ", ".join(str(n) for n in range(2, count + 1))
    expect(notice).to_contain_text(f"Bạn chưa trả lời: câu {numbers}.")
    page.screenshot(path=screenshots_dir / "contest-unanswered-vi-360.png", full_page=True)
    notice.get_by_role("button", name="Vẫn nộp bài").click()

    page.wait_for_url(re.compile(r"/ket-qua/$"))
    expect(page.locator(".ranking-when")).to_contain_text("được công bố sau khi tuần thi kết thúc")
    expect(page.locator(".tries-left")).to_contain_text("Bạn còn 2 lượt thi")
    page.screenshot(path=screenshots_dir / "contest-result-vi-360.png", full_page=True)
    page.locator("a.leaderboard-link").click()
    page.wait_for_url(re.compile(r"/vi/thi/\d+/ket-qua/$"))
    expect(page.locator("h1")).to_be_visible()
    assert Attempt.objects.get().submitted_at is not None
    page.problems.assert_none()
