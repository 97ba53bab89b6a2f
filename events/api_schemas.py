"""What the API reads and writes: venues, sessions, review decisions and errors."""

import datetime
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictInt

from events.models import Audience, Form, Organizer
from places.models import EstablishmentType, VenueKind


def _codes(choices):
    return {"enum": list(choices.values)}


class ErrorOut(Schema):
    """Every refusal: a message, and the messages of each field at fault."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)
    warnings: dict[str, str] = Field(default_factory=dict)


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


class MaterialIn(Schema):
    description: str = Field(max_length=255)
    quantity: StrictInt


class MaterialOut(Schema):
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

    client_id: UUID
    date: datetime.date
    venue_code: str | None = Field(None, max_length=32)
    commune_code: str | None = Field(
        None, max_length=16, description="For commune-wide forms held without a venue."
    )
    form: str = Field(json_schema_extra=_codes(Form))
    audience: str = Field(json_schema_extra=_codes(Audience))
    cohort: str = Field("", max_length=120)
    participants: StrictInt
    female: StrictInt = 0
    ethnic_minority: StrictInt = 0
    under_18: StrictInt = 0
    languages: list[str] = Field(default_factory=list)
    organizer: str = Field(json_schema_extra=_codes(Organizer))
    note: str = ""
    materials: list[MaterialIn] = Field(default_factory=list)
    submit: bool = True
    confirm_above_baseline: bool = False


class SessionOut(Schema):
    id: int
    client_id: UUID
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
    languages: list[str]
    organizer: str
    note: str
    materials: list[MaterialOut]
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
    reason: str = Field(max_length=2000)
