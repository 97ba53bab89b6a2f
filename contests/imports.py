"""Importing a question bank from a spreadsheet (XLSX, or CSV UTF-8), all or nothing.

The column layout (row 1 holds the names; any order; ``<lang>`` is ``vi`` or a
minority language enabled in ``MINORITY_LANGUAGES``, e.g. ``hmn``):

==================  ==========================================================
``code``            the question's code, unique in the bank (at most 32 signs)
``kind``            ``single`` (one correct choice) or ``multiple``; the
                    Vietnamese labels are accepted too
``tags``            optional, separated by commas: ``luat, tro-giup``
``difficulty``      optional, 1 to 5 (1 when blank)
``question_<lang>`` the question's wording; ``question_vi`` is required
``explanation_<lang>``  optional, shown with the answers after the round
``choice_<n>_<lang>``   choices 1 to 6, without gaps; at least two in Vietnamese
``correct``         the numbers of the correct choices: ``2`` or ``1,3``
==================  ==========================================================

A minority-language wording is optional per question; when a question has
one, each of its Vietnamese choices needs one too, so that an entrant never
sees half a translation. Correctness is stored once, on the choice, for every
language.

Every row is checked before anything is written; one bad row and nothing is
saved, and the result lists every bad row, column and reason in Vietnamese.
Importing again updates the questions whose code is already in the bank (their
choices are updated in place by number, so answers already given keep their
choice ids); questions not in the file are left as they are.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from common.spreadsheets import FileRefused, ImportResult, Table, choice_lookup, choice_of, text_of
from contests.attempts import forget_answer_key
from contests.models import Choice, Question, QuestionBank, QuestionKind, QuestionTag

IMPORT_PERMISSION = "contests.add_question"
UPDATE_PERMISSION = "contests.change_question"
MAX_CHOICES = 6
MIN_CHOICES = 2
CODE_MAX_LENGTH = 32
DIFFICULTIES = range(1, 6)
SOURCE_LANGUAGE = "vi"
REQUIRED_COLUMNS = ("code", "kind", "question_vi", "choice_1_vi", "choice_2_vi", "correct")
PLAIN_COLUMNS = ("code", "kind", "tags", "difficulty", "correct")
LANGUAGE_COLUMN = re.compile(
    r"^(?:(?P<field>question|explanation)|choice_(?P<number>\d+))_(?P<lang>[a-z]{2,3})$"
)


def languages() -> list[str]:
    """Vietnamese, then the minority languages this deployment enabled."""
    return [SOURCE_LANGUAGE, *settings.MINORITY_LANGUAGES]


def template_columns(langs=None) -> list[str]:
    """Every column of the template, in the order of the sample file."""
    columns = ["code", "kind", "tags", "difficulty"]
    for lang in langs or languages():
        columns += [f"question_{lang}", f"explanation_{lang}"]
        columns += [f"choice_{n}_{lang}" for n in range(1, MAX_CHOICES + 1)]
    return [*columns, "correct"]


@dataclass
class ParsedQuestion:
    row: int
    code: str
    kind: str
    difficulty: int
    tags: list[str]
    texts: dict
    choices: list[dict] = field(default_factory=list)  # [{lang: text}], by position
    correct: set[int] = field(default_factory=set)  # positions, from 1


def check_header(table: Table, result: ImportResult):
    """Missing required columns and unknown ones (a typo, or a language not enabled)."""
    enabled = set(languages())
    for name in REQUIRED_COLUMNS:
        if name not in table.header:
            result.add_error(1, name, _("Thiếu cột này."))
    for name in table.header:
        if not name or name in PLAIN_COLUMNS:
            continue
        match = LANGUAGE_COLUMN.match(name)
        if match is None:
            result.add_error(1, name, _("Cột không có trong mẫu; xem tệp mẫu để sửa tên cột."))
        elif match["lang"] not in enabled:
            result.add_error(
                1,
                name,
                _("Ngôn ngữ “%(lang)s” chưa được bật cho trang này (đang bật: %(enabled)s).")
                % {"lang": match["lang"], "enabled": ", ".join(languages())},
            )
        elif match["number"] and not 1 <= int(match["number"]) <= MAX_CHOICES:
            result.add_error(
                1, name, _("Mỗi câu có tối đa %(max)d phương án.") % {"max": MAX_CHOICES}
            )


def parse_row(number, values, result, kinds) -> ParsedQuestion | None:
    """One row checked field by field; every error is added to ``result``."""
    errors_before = len(result.errors)

    def error(column, message):
        result.add_error(number, column, message)

    code = text_of(values.get("code", ""))
    if not code:
        error("code", _("Thiếu mã câu hỏi."))
    elif len(code) > CODE_MAX_LENGTH:
        error("code", _("Mã câu hỏi dài quá %(max)d ký tự.") % {"max": CODE_MAX_LENGTH})

    kind = choice_of(values.get("kind", ""), kinds)
    if kind is None:
        error(
            "kind", _("Loại câu hỏi phải là “single” (một đáp án) hoặc “multiple” (nhiều đáp án).")
        )

    difficulty = 1
    raw_difficulty = text_of(values.get("difficulty", ""))
    if raw_difficulty:
        if raw_difficulty.isdigit() and int(raw_difficulty) in DIFFICULTIES:
            difficulty = int(raw_difficulty)
        else:
            error("difficulty", _("Độ khó phải là số từ 1 đến 5."))

    tags = []
    for name in re.split(r"[,;]", text_of(values.get("tags", ""))):
        name = name.strip()
        if name and name.lower() not in {t.lower() for t in tags}:
            if len(name) > 100:
                error("tags", _("Thẻ dài quá 100 ký tự."))
            tags.append(name)

    texts, choices = {}, []
    for lang in languages():
        question_text = text_of(values.get(f"question_{lang}", ""))
        explanation = text_of(values.get(f"explanation_{lang}", ""))
        wordings = [
            text_of(values.get(f"choice_{n}_{lang}", "")) for n in range(1, MAX_CHOICES + 1)
        ]
        if lang == SOURCE_LANGUAGE:
            if not question_text:
                error("question_vi", _("Thiếu nội dung câu hỏi bằng tiếng Việt."))
            last = max((n for n, w in enumerate(wordings, start=1) if w), default=0)
            for n in range(1, last + 1):
                if not wordings[n - 1]:
                    error(
                        f"choice_{n}_vi",
                        _("Phương án %(n)d bỏ trống nhưng có phương án sau nó.") % {"n": n},
                    )
            if last < MIN_CHOICES:
                error(
                    f"choice_{last + 1}_vi",
                    _("Mỗi câu cần ít nhất %(min)d phương án.") % {"min": MIN_CHOICES},
                )
            choices = [{SOURCE_LANGUAGE: w} for w in wordings[:last]]
            texts[lang] = {"text": question_text, "explanation": explanation}
            continue
        if not (question_text or explanation or any(wordings)):
            continue  # no wording in this language: the Vietnamese one is shown
        if not question_text:
            error(
                f"question_{lang}",
                _("Có phương án hoặc giải thích bằng ngôn ngữ này nhưng thiếu câu hỏi."),
            )
        for n, wording in enumerate(wordings, start=1):
            if n <= len(choices) and not wording:
                error(
                    f"choice_{n}_{lang}",
                    _("Thiếu bản dịch của phương án %(n)d (đã có câu hỏi ở ngôn ngữ này).")
                    % {"n": n},
                )
            elif n > len(choices) and wording:
                error(
                    f"choice_{n}_{lang}",
                    _("Phương án %(n)d không có bản tiếng Việt.") % {"n": n},
                )
            elif wording:
                choices[n - 1][lang] = wording
        texts[lang] = {"text": question_text, "explanation": explanation}

    correct = set()
    raw_correct = text_of(values.get("correct", ""))
    parts = [p.strip() for p in re.split(r"[,;\s]+", raw_correct) if p.strip()]
    if not parts:
        error("correct", _("Thiếu đáp án đúng (số thứ tự phương án, ví dụ 2 hoặc 1,3)."))
    for part in parts:
        if not part.isdigit():
            error("correct", _("“%(value)s” không phải số thứ tự phương án.") % {"value": part})
        elif not 1 <= int(part) <= len(choices):
            error(
                "correct",
                _("Đáp án %(n)s không có: câu này có %(count)d phương án.")
                % {"n": part, "count": len(choices)},
            )
        else:
            correct.add(int(part))
    if kind == QuestionKind.SINGLE and len(parts) > 1:
        error("correct", _("Câu chọn một đáp án phải có đúng một đáp án đúng."))

    if len(result.errors) > errors_before:
        return None
    return ParsedQuestion(number, code, kind, difficulty, tags, texts, choices, correct)


def import_questions(bank: QuestionBank, table: Table, user=None) -> ImportResult:
    """Check every row, then create or update the bank's questions in one transaction.

    ``user`` (the admin upload) must hold ``contests.add_question``, and
    ``contests.change_question`` when the file updates questions already in the
    bank; the command line passes none.
    """
    if user is not None and not user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền nhập câu hỏi."))
    result = ImportResult()
    check_header(table, result)
    if result.errors:
        return result
    kinds = choice_lookup(QuestionKind)
    parsed, first_row_of = [], {}
    for number, values in table.rows():
        result.rows += 1
        question = parse_row(number, values, result, kinds)
        code = text_of(values.get("code", ""))
        if code and code in first_row_of:
            result.add_error(
                number,
                "code",
                _("Mã “%(code)s” đã có ở dòng %(row)d.")
                % {"code": code, "row": first_row_of[code]},
            )
            continue
        first_row_of.setdefault(code, number)
        if question is not None:
            parsed.append(question)
    if not result.rows:
        result.add_error(2, "code", _("Tệp không có dòng dữ liệu nào."))
    if result.errors:
        return result

    existing = {q.code: q for q in Question.objects.filter(bank=bank, code__in=first_row_of)}
    if existing and user is not None and not user.has_perm(UPDATE_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền sửa câu hỏi đã có."))
    with transaction.atomic():
        questions = _save_questions(bank, parsed, existing)
        _save_choices(parsed, questions)
        _save_tags(parsed, questions)
        ids = [q.pk for q in questions.values()]
        transaction.on_commit(lambda: forget_answer_key(ids))
    result.imported = len(parsed)
    result.details = {"created": len(parsed) - len(existing), "updated": len(existing)}
    return result


def _save_questions(bank, parsed, existing) -> dict[str, Question]:
    new, changed = [], []
    for row in parsed:
        question = existing.get(row.code) or Question(bank=bank, code=row.code)
        question.kind = row.kind
        question.difficulty = row.difficulty
        question.texts = row.texts
        question.active = True
        (changed if question.pk else new).append(question)
    Question.objects.bulk_create(new, batch_size=500)
    Question.objects.bulk_update(changed, ["kind", "difficulty", "texts", "active"], batch_size=500)
    if new and new[0].pk is None:  # a database that returns no ids (not PostgreSQL or SQLite)
        new = list(Question.objects.filter(bank=bank, code__in=[q.code for q in new]))
    return {q.code: q for q in [*changed, *new]}


def _save_choices(parsed, questions):
    """Update choices in place by position: answers already given keep their choice ids."""
    question_ids = [q.pk for q in questions.values()]
    current = {
        (c.question_id, c.position): c for c in Choice.objects.filter(question_id__in=question_ids)
    }
    new, changed, keep = [], [], set()
    for row in parsed:
        question_id = questions[row.code].pk
        for position, texts in enumerate(row.choices, start=1):
            choice = current.get((question_id, position))
            is_correct = position in row.correct
            if choice is None:
                new.append(
                    Choice(
                        question_id=question_id,
                        position=position,
                        texts=texts,
                        is_correct=is_correct,
                    )
                )
                continue
            keep.add(choice.pk)
            if choice.texts != texts or choice.is_correct != is_correct:
                choice.texts, choice.is_correct = texts, is_correct
                changed.append(choice)
    stale = [c.pk for c in current.values() if c.pk not in keep]
    Choice.objects.filter(pk__in=stale).delete()
    Choice.objects.bulk_update(changed, ["texts", "is_correct"], batch_size=500)
    Choice.objects.bulk_create(new, batch_size=500)


def _save_tags(parsed, questions):
    wanted = {name.lower(): name for row in parsed for name in row.tags}
    if not wanted:
        QuestionTag.objects.filter(content_object__in=list(questions.values())).delete()
        return
    same_name = reduce(operator.or_, (Q(name__iexact=name) for name in wanted.values()))
    tags = {t.name.lower(): t for t in Tag.objects.filter(same_name)}
    for key, name in wanted.items():
        if key not in tags:
            tags[key] = Tag.objects.create(name=name, slug=_free_slug(name))
    QuestionTag.objects.filter(content_object__in=list(questions.values())).delete()
    QuestionTag.objects.bulk_create(
        [
            QuestionTag(content_object=questions[row.code], tag=tags[name.lower()])
            for row in parsed
            for name in row.tags
        ],
        batch_size=1000,
    )


def _free_slug(name):
    base = slugify(name, allow_unicode=False)[:90] or "the"
    slug, n = base, 1
    while Tag.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def import_file(bank: QuestionBank, data: bytes, filename: str, user=None) -> ImportResult:
    """``import_questions`` from a file's bytes; a file we cannot read is one error on row 1."""
    from common.spreadsheets import open_table

    try:
        table = open_table(data, filename)
    except FileRefused as refused:
        result = ImportResult()
        result.add_error(1, "", refused.message)
        return result
    return import_questions(bank, table, user=user)
