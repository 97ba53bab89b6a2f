"""What the API reads and writes: venues, sessions and review decisions (errors: common.api)."""

import datetime
from typing import Annotated
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictInt

from common.api import PastDate, bounded_text
from events.checks import (
    COHORT_MAX_LENGTH,
    MATERIAL_QUANTITY_MAX,
    MATERIALS_MAX,
    NOTE_MAX_LENGTH,
    PARTICIPANTS_MAX,
    SESSION_LANGUAGES,
)
from events.models import Audience, Form, Organizer
from places.models import EstablishmentType, VenueKind


def _codes(choices):
    return {"enum": list(choices.values)}


class CommuneOut(Schema):
    code: str
    name: str


class BaselineOut(Schema):
    year: int
    total: int
    female: int | None
    ethnic_minority: int | None
    source: str
    as_of: datetime.date | None


class VenueOut(Schema):
    code: str
    name: str
    kind: VenueKind
    establishment_type: EstablishmentType | None
    commune: CommuneOut
    address: str
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_commune(venue):
        return venue.org_unit

    @staticmethod
    def resolve_establishment_type(venue):
        return venue.establishment_type or None

    @staticmethod
    def resolve_latitude(venue):
        return float(venue.latitude) if venue.latitude is not None else None

    @staticmethod
    def resolve_longitude(venue):
        return float(venue.longitude) if venue.longitude is not None else None


class VenueDetailOut(VenueOut):
    baselines: list[BaselineOut]

    @staticmethod
    def resolve_baselines(venue):
        return sorted(venue.baselines.all(), key=lambda baseline: baseline.year)


Count = Annotated[StrictInt, Field(ge=0, le=PARTICIPANTS_MAX)]


class MaterialIn(Schema):
    description: bounded_text(255, min_length=1)
    quantity: Annotated[StrictInt, Field(ge=0, le=MATERIAL_QUANTITY_MAX)]


class HandedOutMaterialOut(Schema):
    """A material handed out at a session (the library's materials are LibraryMaterialOut)."""

    description: str
    quantity: int


class PhotoOut(Schema):
    url: str
    thumbnail_url: str | None
    width: int
    height: int

    # The API's own photo route, which checks the token's scope: never a /media/ path.
    @staticmethod
    def resolve_url(photo):
        return reverse("api-v1:session_photo", args=[photo.session_id, photo.pk])

    @staticmethod
    def resolve_thumbnail_url(photo):
        if not photo.thumbnail:
            return None
        return reverse("api-v1:session_photo_thumbnail", args=[photo.session_id, photo.pk])


class SessionIn(Schema):
    """One session as a device or another system reports it.

    ``client_id`` is made by the sender: sending the same record again returns
    the first one (200); sending other content under the same id is a conflict (409).
    """

    model_config = {
        # A session is held at a venue, or commune-wide in a commune: one of the two codes.
        "json_schema_extra": {
            "anyOf": [{"required": ["venue_code"]}, {"required": ["commune_code"]}],
            "examples": [
                {
                    "client_id": "6f1d2c1e-8a9b-4c3d-9e0f-1a2b3c4d5e6f",
                    "date": "2025-03-14",
                    "venue_code": "THPT-LB",
                    "form": "talk",
                    "audience": "students",
                    "cohort": "10A1",
                    "participants": 40,
                    "female": 22,
                    "ethnic_minority": 5,
                    "under_18": 40,
                    "languages": ["vi", "hmn"],
                    "organizer": "youth_union",
                    "note": "",
                    "materials": [{"description": "Tờ rơi", "quantity": 40}],
                }
            ],
        }
    }

    client_id: UUID
    date: PastDate = Field(description="the day it was held: from 2000-01-01 to today")
    venue_code: bounded_text(32, min_length=1) | None = None
    commune_code: bounded_text(16, min_length=1) | None = Field(
        None, description="For commune-wide forms held without a venue."
    )
    form: str = Field(json_schema_extra=_codes(Form))
    audience: str = Field(json_schema_extra=_codes(Audience))
    cohort: bounded_text(COHORT_MAX_LENGTH) = ""
    participants: Count = Field(
        description=f"at most {PARTICIPANTS_MAX}, even with confirm_above_baseline"
    )
    female: Count = 0
    ethnic_minority: Count = 0
    under_18: Count = 0
    trainees_province: Count = Field(
        0,
        description="Training courses only: trainees who "
        "are provincial cadres (likewise the other trainees_*).",
    )
    trainees_district: Count = 0
    trainees_commune: Count = 0
    trainees_rapporteurs: Count = 0
    trainees_peer_educators: Count = 0
    trainees_press: Count = 0
    trainees_volunteers: Count = 0
    languages: list[
        Annotated[str, Field(max_length=8, json_schema_extra={"enum": list(SESSION_LANGUAGES)})]
    ] = Field(default_factory=list, max_length=len(SESSION_LANGUAGES))
    organizer: str = Field(json_schema_extra=_codes(Organizer))
    note: bounded_text(NOTE_MAX_LENGTH) = ""
    materials: list[MaterialIn] = Field(default_factory=list, max_length=MATERIALS_MAX)
    submit: bool = True
    confirm_above_baseline: bool = False


class SessionOut(Schema):
    id: int
    client_id: str = Field(description="The sender's id: a UUID, or a spreadsheet's row id.")
    date: datetime.date
    venue_code: str | None
    venue_name: str | None
    commune: CommuneOut
    form: str
    audience: str
    cohort: str
    participants: int
    female: int
    ethnic_minority: int
    under_18: int
    trainees_province: int
    trainees_district: int
    trainees_commune: int
    trainees_rapporteurs: int
    trainees_peer_educators: int
    trainees_press: int
    trainees_volunteers: int
    languages: list[str]
    organizer: str
    note: str
    materials: list[HandedOutMaterialOut]
    status: str
    return_reason: str
    above_baseline_confirmed: bool
    created_by: str
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None

    @staticmethod
    def resolve_venue_code(session):
        return session.venue.code if session.venue_id else None

    @staticmethod
    def resolve_venue_name(session):
        return session.venue.name if session.venue_id else None

    @staticmethod
    def resolve_commune(session):
        return session.org_unit

    @staticmethod
    def resolve_materials(session):
        return session.materials_handed_out.all()

    @staticmethod
    def resolve_created_by(session):
        return session.created_by.get_username()


class SessionDetailOut(SessionOut):
    photos: list[PhotoOut]

    @staticmethod
    def resolve_photos(session):
        return session.photos.all()


class ReturnIn(Schema):
    model_config = {"json_schema_extra": {"examples": [{"reason": "Thiếu số người dưới 18."}]}}

    reason: bounded_text(2000, min_length=1)
