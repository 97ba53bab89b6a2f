"""Importing a question bank from XLSX: every bad row reported, nothing saved on error."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from contests.imports import import_file, template_columns
from contests.models import Choice, Question, QuestionBank
from contests.samples import SAMPLE_PATH, build_sample

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "kind",
    "tags",
    "difficulty",
    "question_vi",
    "explanation_vi",
    "choice_1_vi",
    "choice_2_vi",
    "choice_3_vi",
    "question_hmn",
    "choice_1_hmn",
    "choice_2_hmn",
    "choice_3_hmn",
    "correct",
]


def row(**values):
    base = {
        "code": "PL01",
        "kind": "single",
        "tags": "luat",
        "difficulty": 2,
        "question_vi": "Mua bán người là tội phạm?",
        "explanation_vi": "Đúng, theo Bộ luật Hình sự.",
        "choice_1_vi": "Đúng",
        "choice_2_vi": "Sai",
        "correct": 1,
    }
    base.update(values)
    return base


def xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def bank():
    return QuestionBank.objects.create(name="Pháp luật")


def test_a_good_file_creates_questions_choices_and_tags_in_both_languages(bank):
    data = xlsx(
        [
            row(
                question_hmn="Kev muag neeg puas yog txhaum cai?",
                choice_1_hmn="Yog",
                choice_2_hmn="Tsis yog",
            ),
            row(
                code="PL02",
                kind="multiple",
                tags="tro-giup, Luật",
                choice_3_vi="Không biết",
                correct="1, 3",
            ),
        ]
    )
    result = import_file(bank, data, "cau_hoi.xlsx")
    assert result.ok, result.errors
    assert result.details == {"created": 2, "updated": 0}

    first = Question.objects.get(bank=bank, code="PL01")
    assert first.difficulty == 2
    assert first.texts["hmn"]["text"] == "Kev muag neeg puas yog txhaum cai?"
    assert [(c.texts, c.is_correct) for c in first.choices.all()] == [
        ({"vi": "Đúng", "hmn": "Yog"}, True),
        ({"vi": "Sai", "hmn": "Tsis yog"}, False),
    ]
    second = Question.objects.get(bank=bank, code="PL02")
    assert second.kind == "multiple"
    assert "hmn" not in second.texts  # no wording: H'Mông readers see the Vietnamese one
    assert [c.is_correct for c in second.choices.all()] == [True, False, True]
    assert sorted(second.tags.names()) == ["Luật", "tro-giup"]


def test_every_bad_row_field_and_reason_is_reported_and_nothing_is_saved(bank):
    data = xlsx(
        [
            row(code="OK01"),
            row(code="", kind="tự luận"),
            row(code="PL03", kind="single", correct="1,2"),
            row(code="PL04", kind="multiple", correct=""),
            row(code="PL05", choice_2_vi=None),
            row(code="PL06", choice_2_vi=None, choice_3_vi="Không biết"),
            row(code="PL07", correct=5, difficulty=9),
            row(code="PL08", question_vi=None, question_hmn="Lus nug?", choice_1_hmn="Yog"),
            row(code="OK01"),
        ]
    )
    result = import_file(bank, data, "cau_hoi.xlsx")

    assert not result.ok
    reported = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "code"),
        (3, "kind"),
        (4, "correct"),
        (5, "correct"),
        (6, "choice_2_vi"),
        (7, "choice_2_vi"),
        (8, "correct"),
        (8, "difficulty"),
        (9, "question_vi"),
        (9, "choice_2_hmn"),
        (10, "code"),
    } <= reported
    assert (2, "code") not in reported
    messages = " ".join(e.message for e in result.errors)
    assert "đúng một đáp án đúng" in messages
    assert "Dòng 10, cột code" in str(next(e for e in result.errors if e.row == 10))
    assert not Question.objects.exists()
    assert not Choice.objects.exists()


def test_unknown_and_not_enabled_language_columns_are_refused(bank, settings):
    settings.MINORITY_LANGUAGES = ["hmn"]
    header = [*HEADER, "question_km", "cau_hoi_phu"]
    result = import_file(bank, xlsx([row()], header=header), "cau_hoi.xlsx")
    assert {(e.row, e.column) for e in result.errors} == {(1, "question_km"), (1, "cau_hoi_phu")}
    assert not Question.objects.exists()


def test_a_missing_required_column_is_named(bank):
    header = [name for name in HEADER if name != "correct"]
    result = import_file(bank, xlsx([row()], header=header), "cau_hoi.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(1, "correct")]


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_its_content(bank):
    result = import_file(bank, b"code,kind\nPL01,single\n", "cau_hoi.xlsx")
    assert not result.ok
    assert "không phải bảng tính" in result.errors[0].message


def test_importing_the_same_codes_again_updates_them_and_keeps_choice_ids(bank):
    import_file(bank, xlsx([row(choice_3_vi="Không biết")]), "cau_hoi.xlsx")
    question = Question.objects.get(code="PL01")
    ids = list(question.choices.values_list("id", flat=True))

    result = import_file(
        bank,
        xlsx([row(question_vi="Mua bán người là tội phạm? (sửa)", correct=2, tags="moi")]),
        "cau_hoi.xlsx",
    )

    assert result.ok and result.details == {"created": 0, "updated": 1}
    question.refresh_from_db()
    assert question.texts["vi"]["text"].endswith("(sửa)")
    assert list(question.choices.values_list("id", "is_correct")) == [
        (ids[0], False),
        (ids[1], True),
    ]
    assert question.tags.names()[0] == "moi"
    assert Question.objects.count() == 1


def test_the_contests_state_is_dropped_after_an_import(bank, django_capture_on_commit_callbacks):
    from contests import state
    from tests.contests.factories import ContestFactory

    contest = ContestFactory(bank=bank)
    import_file(bank, xlsx([row()]), "cau_hoi.xlsx")
    assert state.contest_state(contest.pk) is not None
    with django_capture_on_commit_callbacks(execute=True):
        import_file(bank, xlsx([row(correct=2)]), "cau_hoi.xlsx")
    assert contest.pk not in state._states


def test_the_sample_file_imports_cleanly(bank, settings):
    settings.MINORITY_LANGUAGES = ["hmn", "km"]
    assert import_file(bank, SAMPLE_PATH.read_bytes(), "questions.xlsx").ok
    assert import_file(bank, build_sample(["vi", "hmn", "km"]), "mau.xlsx").ok
    assert Question.objects.filter(bank=bank).count() == 2


def test_the_sample_file_has_every_template_column():
    sheet = openpyxl.load_workbook(SAMPLE_PATH, read_only=True).worksheets[0]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert list(header) == template_columns(["vi", "hmn"])


def test_the_command_imports_into_a_bank_by_name(tmp_path):
    path = tmp_path / "cau_hoi.xlsx"
    path.write_bytes(xlsx([row(), row(code="PL02")]))
    call_command("import_questions", "Bộ mới", str(path), stdout=io.StringIO())
    assert Question.objects.filter(bank__name="Bộ mới").count() == 2


def test_the_command_saves_nothing_and_lists_the_errors_of_a_bad_file(tmp_path):
    path = tmp_path / "cau_hoi.xlsx"
    path.write_bytes(xlsx([row(), row(code="PL02", correct=7)]))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Không lưu dòng nào"):
        call_command("import_questions", "Bộ mới", str(path), stderr=errors)
    assert "Dòng 3, cột correct" in errors.getvalue()
    assert not QuestionBank.objects.filter(name="Bộ mới").exists()
    assert not Question.objects.exists()
