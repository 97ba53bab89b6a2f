"""Personal data of contest participants (Law 91/2025/QH15): purge, export, erase on request.

What is personal here: the name, phone number, the free-text school or
workplace, the guardian's name, and the exact birth year. Erasing a
participant (the whole contest once its results are final, or one person on
request) blanks those fields, keeps only the five-year band of the birth year
(2009 is kept as 2005, the band 2005–2009), and marks the row ``purged_at``.

The row itself stays, with its commune, catalogued venue, attempts and scores,
so every anonymous aggregate (entrants per round, per commune, per age band,
scores, the reach indicators, the ranking) stays as it was. The leaderboard's
masked names stay after a contest's purge; a person who asks to be erased also
loses their masked name.

Who may do what: exporting one participant's data needs
``contests.view_participant``, erasing it ``contests.delete_participant``; an
officer reaches only participants whose commune lies in their subtree (a
superuser reaches all).
"""

import io
import json
import logging
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import safe_row
from contests.identity import normalise_phone
from contests.models import Attempt, Contest, Participant, PhoneCode, RankedEntry, Round
from places import scope

logger = logging.getLogger(__name__)

VIEW_PERMISSION = "contests.view_participant"
ERASE_PERMISSION = "contests.delete_participant"
AGE_BAND_YEARS = 5
PERSONAL_FIELDS = {
    "phone": None,
    "full_name": "",
    "school_or_workplace": "",
    "guardian_name": "",
}


class PurgeRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def _anonymise(participants, now) -> int:
    """Blank the personal fields of these participants and coarsen their birth year, in SQL."""
    return participants.filter(purged_at__isnull=True).update(
        **PERSONAL_FIELDS,
        birth_year=F("birth_year") - F("birth_year") % AGE_BAND_YEARS,
        purged_at=now,
    )


def purge_contest(contest: Contest, now=None) -> int:
    """Erase every participant's personal data once the results are final; the rows erased.

    Refused before ``results_final_at`` (unset or still ahead) and while a round
    with entries is not ranked yet. Running it again erases nothing more and
    keeps the first purge's time.
    """
    now = now or timezone.now()
    if contest.results_final_at is None:
        raise PurgeRefused(
            _(
                "Cuộc thi “%(name)s” chưa có thời điểm kết quả chính thức: đặt “kết quả chính "
                "thức lúc” rồi chạy lại sau thời điểm đó."
            )
            % {"name": contest.name}
        )
    if contest.results_final_at > now:
        raise PurgeRefused(
            _(
                "Kết quả cuộc thi “%(name)s” chưa chính thức (đến %(when)s): chưa xoá dữ liệu "
                "cá nhân để còn giải quyết khiếu nại."
            )
            % {
                "name": contest.name,
                "when": timezone.localtime(contest.results_final_at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    unranked = list(
        Round.objects.filter(contest=contest, ranked_at__isnull=True, attempts__isnull=False)
        .distinct()
        .values_list("number", flat=True)
    )
    if unranked:
        raise PurgeRefused(
            _("Tuần thi %(numbers)s chưa xếp hạng: chưa xoá được dữ liệu cá nhân.")
            % {"numbers": ", ".join(str(n) for n in sorted(unranked))}
        )
    with transaction.atomic():
        erased = _anonymise(Participant.objects.filter(contest=contest), now)
        # One-time codes are filed under a keyed hash of the phone: none may outlive the purge.
        PhoneCode.objects.filter(contest=contest).delete()
        Contest.objects.filter(pk=contest.pk, personal_data_purged_at__isnull=True).update(
            personal_data_purged_at=now
        )
    logger.info("Purged the personal data of contest %s: %s participants", contest.pk, erased)
    return erased


def aggregates(contest: Contest) -> dict:
    """The anonymous figures a purge keeps: per round, per commune, per age band, scores."""
    attempts = Attempt.objects.filter(round__contest=contest, submitted_at__isnull=False)
    per_round = {
        row["round__number"]: {
            "participants": row["participants"],
            "attempts": row["attempts"],
            "all_correct": row["all_correct"],
            "mean_score": round(float(row["mean_score"] or 0), 3),
        }
        for row in attempts.values("round__number")
        .annotate(
            participants=Count("participant", distinct=True),
            attempts=Count("id"),
            all_correct=Count("participant", filter=Q(all_correct=True), distinct=True),
            mean_score=Avg("score"),
        )
        .order_by("round__number")
    }
    entrants = Participant.objects.filter(contest=contest, attempts__submitted_at__isnull=False)
    per_commune = dict(
        entrants.values("commune__code")
        .annotate(n=Count("id", distinct=True))
        .order_by("commune__code")
        .values_list("commune__code", "n")
    )
    bands = Counter()
    for birth_year, n in (
        entrants.values("birth_year")
        .annotate(n=Count("id", distinct=True))
        .values_list("birth_year", "n")
    ):
        band = None if birth_year is None else birth_year - birth_year % AGE_BAND_YEARS
        bands[band] += n
    scores = dict(
        attempts.values("score").annotate(n=Count("id")).order_by("score").values_list("score", "n")
    )
    return {
        "rounds": per_round,
        "communes": {code or "": n for code, n in per_commune.items()},
        "birth_year_bands": {
            (f"{band}-{band + AGE_BAND_YEARS - 1}" if band is not None else ""): n
            for band, n in sorted(bands.items(), key=lambda item: (item[0] is None, item[0]))
        },
        "scores": scores,
    }


# --- One person's request ---------------------------------------------------------


def reachable_participants(user, queryset=None):
    """Participants whose commune is in the user's subtree (a superuser: all)."""
    queryset = Participant.objects.all() if queryset is None else queryset
    return scope.scope_queryset(user, queryset, unit_field="commune")


def find_by_phone(user, raw_phone):
    """The user's reachable participants (in every contest) with this phone number."""
    if not (user.has_perm(VIEW_PERMISSION) or user.has_perm(ERASE_PERMISSION)):
        raise PermissionDenied
    try:
        phone = normalise_phone(raw_phone)
    except ValidationError:
        return Participant.objects.none(), False
    found = reachable_participants(
        user, Participant.objects.filter(phone=phone).select_related("contest", "commune", "venue")
    )
    return found.order_by("contest__name", "pk"), True


def participant_for(user, participant_id, permission):
    """One participant the user may act on with ``permission``; PermissionDenied otherwise."""
    if not user.has_perm(permission):
        raise PermissionDenied
    participant = (
        reachable_participants(user)
        .select_related("contest", "commune", "venue")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None:
        raise PermissionDenied
    return participant


@dataclass
class ParticipantData:
    person: dict
    attempts: list[dict]


def participant_data(participant: Participant) -> ParticipantData:
    """Everything stored about one participant, for a copy on their request."""
    person = {
        "contest": participant.contest.name,
        "phone": participant.phone,
        "full_name": participant.full_name,
        "birth_year": participant.birth_year,
        "school_or_workplace": participant.school_or_workplace,
        "venue": participant.venue.name if participant.venue_id else None,
        "commune": participant.commune.name if participant.commune_id else None,
        "language": participant.language,
        "consent_text": participant.consent_text,
        "consent_at": _iso(participant.consent_at),
        "guardian_name": participant.guardian_name,
        "guardian_consent_text": participant.guardian_consent_text,
        "guardian_consent_at": _iso(participant.guardian_consent_at),
        "created_at": _iso(participant.created_at),
        "purged_at": _iso(participant.purged_at),
    }
    ranks = dict(
        RankedEntry.objects.filter(participant=participant).values_list("attempt_id", "rank")
    )
    attempts = [
        {
            "round": attempt.round.number,
            "attempt": attempt.number,
            "started_at": _iso(attempt.started_at),
            "submitted_at": _iso(attempt.submitted_at),
            "score": attempt.score,
            "max_score": attempt.max_score,
            "prediction": attempt.prediction,
            "duration_ms": attempt.duration_ms,
            "rank": ranks.get(attempt.pk),
            "answers": attempt.answers,
        }
        for attempt in participant.attempts.select_related("round").order_by(
            "round__number", "number"
        )
    ]
    return ParticipantData(person, attempts)


def _iso(value):
    return value.isoformat() if value else None


def as_json(data: ParticipantData) -> bytes:
    return json.dumps(
        {"participant": data.person, "attempts": data.attempts}, ensure_ascii=False, indent=2
    ).encode("utf-8")


def as_xlsx(data: ParticipantData) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "nguoi_du_thi"
    for key, value in data.person.items():
        sheet.append(safe_row([key, value]))
    attempts = workbook.create_sheet("luot_thi")
    columns = ["round", "attempt", "started_at", "submitted_at", "score", "max_score"]
    columns += ["prediction", "duration_ms", "rank", "answers"]
    attempts.append(columns)
    for row in data.attempts:
        attempts.append(
            safe_row(
                json.dumps(row[c], ensure_ascii=False) if c == "answers" else row[c]
                for c in columns
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def erase_participant(user, participant_id, now=None) -> Participant:
    """Erase one participant's personal data on their request; their counts stay anonymous."""
    participant = participant_for(user, participant_id, ERASE_PERMISSION)
    now = now or timezone.now()
    with transaction.atomic():
        _anonymise(Participant.objects.filter(pk=participant.pk), now)
        RankedEntry.objects.filter(participant=participant).update(display_name="")
    logger.info("User %s erased the personal data of participant %s", user.pk, participant.pk)
    participant.refresh_from_db()
    return participant
