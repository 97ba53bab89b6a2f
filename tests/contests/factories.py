"""Factories for question banks, contests, rounds, participants and attempts."""

import datetime
import re

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contests.models import (
    Attempt,
    Choice,
    Contest,
    JoinCode,
    Participant,
    Question,
    QuestionBank,
    QuestionKind,
    RankedEntry,
    Round,
)

# Written into every explanation, so a test can scan a response for a leaked answer key.
EXPLANATION_MARKER = "GIAI-THICH-KIN"


class QuestionBankFactory(DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Bộ câu hỏi thử {n}")


class QuestionFactory(DjangoModelFactory):
    """A question with three choices; the second (position 2) is the correct one.

    Pass ``choices=[(text, is_correct), ...]`` to choose others, ``choices=[]`` for none.
    """

    class Meta:
        model = Question
        skip_postgeneration_save = True

    bank = factory.SubFactory(QuestionBankFactory)
    code = factory.Sequence(lambda n: f"Q{n:04d}")
    kind = QuestionKind.SINGLE
    difficulty = 1
    texts = factory.LazyAttribute(
        lambda q: {
            "vi": {
                "text": f"Câu hỏi {q.code} bằng tiếng Việt?",
                "explanation": f"{EXPLANATION_MARKER} giải thích câu {q.code}.",
            },
            "hmn": {
                "text": f"Lus nug {q.code} hais lus Hmoob?",
                "explanation": f"{EXPLANATION_MARKER} lus piav {q.code}.",
            },
        }
    )
    active = True

    @factory.post_generation
    def choices(question, create, extracted, **kwargs):
        if not create:
            return
        wanted = (
            extracted
            if extracted is not None
            else [("Phương án A", False), ("Phương án B", True), ("Phương án C", False)]
        )
        for position, (text, is_correct) in enumerate(wanted, start=1):
            Choice.objects.create(
                question=question,
                position=position,
                texts={"vi": text, "hmn": f"{text} (Hmoob)"},
                is_correct=is_correct,
            )

    @factory.post_generation
    def tag_names(question, create, extracted, **kwargs):
        if create and extracted:
            question.tags.add(*extracted)
            question.save()


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, choices=[])
    position = factory.Sequence(lambda n: n + 1)
    texts = factory.LazyFunction(lambda: {"vi": "Phương án"})
    is_correct = False


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest

    name = factory.Sequence(lambda n: f"Cuộc thi thử {n}")
    bank = factory.SubFactory(QuestionBankFactory)
    questions_per_attempt = 5
    time_limit_seconds = 600
    attempts_per_round = 1
    balance_by_tag = False
    show_answers_after_close = True
    min_age_without_guardian = 16


class RoundFactory(DjangoModelFactory):
    """A round open now (opened an hour ago, closes in a week) unless told otherwise."""

    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    number = factory.Sequence(lambda n: n + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    winners_count = 10


class ClosedRoundFactory(RoundFactory):
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=14))
    closes_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    contest = factory.SubFactory(ContestFactory)
    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    birth_year = 2005
    school_or_workplace = "Trường THPT Lâm Bình"
    language = "vi"
    consent_text = "Tôi đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân của tôi."
    consent_at = factory.LazyFunction(timezone.now)


class AttemptFactory(DjangoModelFactory):
    """A submitted attempt; pass ``submitted_at=None, score=None`` for one under way."""

    class Meta:
        model = Attempt

    round = factory.SubFactory(RoundFactory)
    participant = factory.SubFactory(
        ParticipantFactory, contest=factory.SelfAttribute("..round.contest")
    )
    number = 1
    language = "vi"
    question_ids = factory.LazyFunction(list)
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=5))
    deadline_at = factory.LazyAttribute(
        lambda a: a.started_at + datetime.timedelta(seconds=a.round.contest.time_limit_seconds)
    )
    submitted_at = factory.LazyAttribute(lambda a: a.started_at + datetime.timedelta(minutes=3))
    answers = factory.LazyFunction(dict)
    prediction = 10
    score = 5
    max_score = 5
    all_correct = True
    duration_ms = factory.LazyAttribute(
        lambda a: (
            int((a.submitted_at - a.started_at).total_seconds() * 1000) if a.submitted_at else None
        )
    )


class RankedEntryFactory(DjangoModelFactory):
    class Meta:
        model = RankedEntry

    attempt = factory.SubFactory(AttemptFactory)
    round = factory.SelfAttribute("attempt.round")
    participant = factory.SelfAttribute("attempt.participant")
    rank = factory.Sequence(lambda n: n + 1)
    score = factory.SelfAttribute("attempt.score")
    prediction_distance = 0
    duration_ms = factory.SelfAttribute("attempt.duration_ms")
    submitted_at = factory.SelfAttribute("attempt.submitted_at")
    display_name = "Nguyễn V. A."


def sms_code(contest, phone):
    """Send a one-time code to ``phone`` (memory SMS backend) and read it from the outbox."""
    from django.core.exceptions import ValidationError

    from contests import identity, sms

    try:
        number = identity.normalise_phone(phone)
    except ValidationError:
        return "000000"
    identity.send_code(contest.pk, number)
    return re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)


def start_proven(contest, entry, **kwargs):
    """``start_attempt`` with the SMS code the entrant received, as a person would."""
    from contests.attempts import Proof, start_attempt

    return start_attempt(contest, entry, Proof(code=sms_code(contest, entry.phone)), **kwargs)


class JoinCodeFactory(DjangoModelFactory):
    class Meta:
        model = JoinCode

    contest = factory.SubFactory(ContestFactory)
    venue = factory.SubFactory("tests.events.factories.VenueFactory")
    label = "10A1"
    code = factory.Sequence(lambda n: f"LOP{n:05d}")
    max_uses = 50
