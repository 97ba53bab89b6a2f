"""An entrant on a low-end phone takes the demo quiz in H'Mông, end to end, in real Chromium."""

import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contests.models import Attempt, Choice, ContestPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_entrant_takes_the_quiz_in_hmong_and_sees_the_score(
    live_server, demo_content, phone_page, screenshots_dir, settings
):
    # A person takes seconds to fill the form; the browser here takes milliseconds.
    settings.CONTEST_FORM_MIN_SECONDS = 0
    contest_page = ContestPage.objects.get(locale__language_code="hmn")
    page = phone_page
    page.goto(f"{live_server.url}{contest_page.url}")
    expect(page.locator("html")).to_have_attribute("lang", "hmn")
    expect(page.locator("h1")).to_contain_text("Bản mẫu")

    form = page.locator("form.entry-form")
    form.locator('input[name="full_name"]').fill("Giàng Thị Mai")
    form.locator('input[name="phone"]').fill("0912 345 678")
    form.locator('input[name="birth_year"]').fill(str(timezone.now().year - 19))
    form.locator('input[name="consent"]').check()
    page.screenshot(path=screenshots_dir / "contest-entry-hmn-360.png", full_page=True)
    form.locator("button.button:not([name])").click()

    # The form's #vao-thi fragment survives the redirect; it names nothing on the quiz.
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
    page.locator("form.quiz-form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/ket-qua/(#vao-thi)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "hmn")
    total = len(attempt.question_ids)
    expect(page.locator(".score")).to_contain_text(f"{total}/{total}")
    page.screenshot(path=screenshots_dir / "contest-result-hmn-360.png", full_page=True)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.prediction) == (total, 25)
    page.problems.assert_none()
