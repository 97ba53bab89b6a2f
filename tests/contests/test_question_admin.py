import pytest
from django.urls import reverse

from contests.models import Choice, Question
from places.models import Role
from tests.contests.factories import QuestionBankFactory, QuestionFactory


@pytest.fixture
def officer_client(client, tree, member):
    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_thi")
    client.force_login(officer)
    return client


def question_data(bank, **fields):
    data = {
        "bank": str(bank.pk),
        "code": "PL99",
        "kind": "single",
        "difficulty": "2",
        "text_vi": "Mua bán người bị pháp luật xử lý thế nào?",
        "explanation_vi": "Bộ luật Hình sự quy định tội mua bán người.",
        "text_hmn": "",
        "explanation_hmn": "",
        "text_km": "",
        "explanation_km": "",
        "tags": "luat",
        "active": "on",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    choices = [("Bị xử lý hình sự", True), ("Không bị xử lý", False)]
    for index, (text, correct) in enumerate(choices):
        data |= {
            f"choices-{index}-position": str(index + 1),
            f"choices-{index}-choice_vi": text,
            f"choices-{index}-choice_hmn": "",
            f"choices-{index}-choice_km": "",
        }
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data | fields


def test_an_officer_writes_a_question_with_one_box_per_language(officer_client, tree):
    bank = QuestionBankFactory(org_unit=tree.tuyen_quang)
    data = question_data(bank, text_hmn="Lus nug Hmoob", **{"choices-0-choice_hmn": "Teb"})
    response = officer_client.post(reverse("wagtailsnippets_contests_question:add"), data)

    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get(code="PL99")
    assert question.texts == {
        "vi": {
            "text": "Mua bán người bị pháp luật xử lý thế nào?",
            "explanation": "Bộ luật Hình sự quy định tội mua bán người.",
        },
        "hmn": {"text": "Lus nug Hmoob", "explanation": ""},
    }
    first, second = Choice.objects.filter(question=question)
    assert first.texts == {"vi": "Bị xử lý hình sự", "hmn": "Teb"}
    assert (first.is_correct, second.is_correct) == (True, False)
    assert list(question.tags.names()) == ["luat"]


def test_the_edit_form_shows_each_languages_wording(officer_client, tree):
    question = QuestionFactory(bank=QuestionBankFactory(org_unit=tree.tuyen_quang))
    response = officer_client.get(
        reverse("wagtailsnippets_contests_question:edit", args=[question.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert question.texts["hmn"]["text"] in body
    assert "Phương án A (Hmoob)" in body
    assert 'name="texts"' not in body


def test_a_question_without_a_correct_choice_is_refused(officer_client, tree):
    bank = QuestionBankFactory(org_unit=tree.tuyen_quang)
    data = question_data(bank)
    del data["choices-0-is_correct"]
    response = officer_client.post(reverse("wagtailsnippets_contests_question:add"), data)
    assert response.status_code == 200
    assert "Đánh dấu ít nhất một đáp án đúng." in response.content.decode()
    assert not Question.objects.filter(code="PL99").exists()


def test_officers_see_the_contest_menu_lists(officer_client, contest, open_round, tree):
    contest.org_unit = tree.tuyen_quang
    contest.save()
    for name in ("contest", "question", "questionbank"):
        response = officer_client.get(reverse(f"wagtailsnippets_contests_{name}:list"))
        assert response.status_code == 200
    body = officer_client.get(
        reverse("wagtailsnippets_contests_contest:edit", args=[contest.pk])
    ).content.decode()
    assert "rounds-TOTAL_FORMS" in body


def test_volunteers_cannot_edit_questions(client, tree, member):
    volunteer = member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_thi")
    client.force_login(volunteer)
    response = client.get(reverse("wagtailsnippets_contests_question:list"))
    assert response.status_code in (302, 403)
