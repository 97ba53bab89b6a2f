"""Contests, question banks and contest pages belong to a unit; a question of an open round is
read-only; any other change after a round opened needs a reason and is recorded."""

import pytest
from django.urls import reverse

from contests.models import Choice, ContestChange
from places.models import Role
from tests.admin_answers import refused_or_hidden
from tests.contests.factories import (
    ClosedRoundFactory,
    ContestFactory,
    QuestionBankFactory,
    QuestionFactory,
    RoundFactory,
)
from tests.contests.test_question_admin import question_data

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def commune_officer(client, tree, member):
    officer = member(tree.thuong_lam, Role.COMMUNICATION_OFFICER, username="can_bo_xa")
    client.force_login(officer, backend=MODEL_BACKEND)
    return officer


@pytest.fixture
def province_officer(client, tree, member):
    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="can_bo_tinh")
    client.force_login(officer, backend=MODEL_BACKEND)
    return officer


def edit_question_data(question, **changes):
    data = question_data(question.bank, code=question.code, **changes)
    data["choices-TOTAL_FORMS"] = "3"
    data["choices-INITIAL_FORMS"] = "3"
    for index, choice in enumerate(question.choices.order_by("position")):
        data[f"choices-{index}-id"] = str(choice.pk)
        data[f"choices-{index}-position"] = str(choice.position)
        data[f"choices-{index}-choice_vi"] = choice.texts["vi"]
        data.pop(f"choices-{index}-is_correct", None)
        if choice.is_correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


def flip_correct_answer(data):
    """Mark the first choice correct instead of the second."""
    data["choices-0-is_correct"] = "on"
    data.pop("choices-1-is_correct", None)
    return data


def test_a_commune_officer_cannot_list_or_change_a_province_contest(client, commune_officer, tree):
    contest = ContestFactory(
        org_unit=tree.tuyen_quang, bank=QuestionBankFactory(org_unit=tree.tuyen_quang)
    )
    listing = client.get(reverse("wagtailsnippets_contests_contest:list"))
    assert contest.name not in listing.text
    assert refused_or_hidden(
        client.get(reverse("wagtailsnippets_contests_contest:edit", args=[contest.pk]))
    )
    question = QuestionFactory(bank=contest.bank)
    edit = reverse("wagtailsnippets_contests_question:edit", args=[question.pk])
    assert refused_or_hidden(client.get(edit))
    assert refused_or_hidden(client.post(edit, flip_correct_answer(edit_question_data(question))))
    assert question.choices.get(position=2).is_correct


def test_a_question_of_an_open_round_is_read_only(client, province_officer, tree):
    bank = QuestionBankFactory(org_unit=tree.tuyen_quang)
    RoundFactory(contest=ContestFactory(org_unit=tree.tuyen_quang, bank=bank))
    question = QuestionFactory(bank=bank)
    edit = reverse("wagtailsnippets_contests_question:edit", args=[question.pk])

    response = client.post(
        edit, flip_correct_answer(edit_question_data(question, change_reason="Sửa đáp án"))
    )

    assert response.status_code == 200
    assert "đang mở: không sửa được" in response.text
    assert list(
        Choice.objects.filter(question=question, is_correct=True).values_list("position", flat=True)
    ) == [2]
    delete = reverse("wagtailsnippets_contests_question:delete", args=[question.pk])
    assert refused_or_hidden(client.post(delete))
    assert question.__class__.objects.filter(pk=question.pk).exists()


def test_a_change_after_a_round_opened_needs_a_reason_and_is_recorded(
    client, province_officer, tree
):
    bank = QuestionBankFactory(org_unit=tree.tuyen_quang)
    contest = ContestFactory(org_unit=tree.tuyen_quang, bank=bank)
    ClosedRoundFactory(contest=contest)
    question = QuestionFactory(bank=bank)
    edit = reverse("wagtailsnippets_contests_question:edit", args=[question.pk])

    without = client.post(edit, flip_correct_answer(edit_question_data(question)))
    assert without.status_code == 200 and "nêu lý do thay đổi" in without.text
    assert question.choices.get(position=2).is_correct

    reason = "Đáp án cũ sai theo Luật sửa đổi 2025"
    done = client.post(
        edit, flip_correct_answer(edit_question_data(question, change_reason=reason))
    )
    assert done.status_code == 302
    assert question.choices.get(position=1).is_correct
    [change] = ContestChange.objects.all()
    assert (change.contest, change.bank, change.user) == (contest, bank, province_officer)
    assert change.reason == reason and question.code in change.what


def test_another_units_contest_page_cannot_be_edited(client, tree, member, contest_page):
    contest = contest_page.contest
    contest.org_unit = tree.lao_cai
    contest.save()
    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="can_bo_tq")
    client.force_login(officer, backend=MODEL_BACKEND)
    edit = reverse("wagtailadmin_pages:edit", args=[contest_page.pk])
    assert refused_or_hidden(client.get(edit))
    assert refused_or_hidden(client.post(edit, {"title": "Đổi", "consent_text": "Đồng ý hết"}))
    contest_page.refresh_from_db()
    assert contest_page.consent_text.startswith("Tôi đồng ý")

    contest.org_unit = tree.tuyen_quang
    contest.save()
    assert client.get(edit).status_code == 200


def test_a_contest_page_cannot_be_given_another_units_contest(tree, member, contest_page):
    from contests.models import ContestPage

    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="can_bo_tq2")
    theirs = ContestFactory(org_unit=tree.lao_cai, bank=contest_page.contest.bank)
    mine = ContestFactory(org_unit=tree.tuyen_quang, bank=contest_page.contest.bank)
    form_class = ContestPage.get_edit_handler().get_form_class()

    def contest_errors(contest):
        form = form_class(
            data={"title": contest_page.title, "slug": contest_page.slug, "contest": contest.pk},
            instance=contest_page,
            parent_page=contest_page.get_parent(),
            for_user=officer,
        )
        form.is_valid()
        return form.errors.get("contest", [])

    assert contest_errors(theirs) == ["Cuộc thi này thuộc đơn vị ngoài phạm vi của bạn."]
    assert contest_errors(mine) == []
