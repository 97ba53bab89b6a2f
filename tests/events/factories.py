"""Factories for venues, baselines and sessions."""

import datetime
import uuid

import factory
from factory.django import DjangoModelFactory

from common.text import search_name_for
from events.models import Audience, Form, Organizer, Session, Status
from places.models import PopulationBaseline, Venue, VenueKind
from tests.places.factories import CommuneFactory, UserFactory


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    code = factory.Sequence(lambda n: f"V{n:05d}")
    name = factory.Sequence(lambda n: f"Trường THPT Thử Nghiệm {n}")
    search_name = factory.LazyAttribute(lambda venue: search_name_for(venue.name))
    kind = VenueKind.HIGH_SCHOOL
    org_unit = factory.SubFactory(CommuneFactory)


class BaselineFactory(DjangoModelFactory):
    class Meta:
        model = PopulationBaseline

    venue = factory.SubFactory(VenueFactory)
    year = 2025
    total = 800
    female = factory.LazyAttribute(lambda baseline: baseline.total // 2)
    ethnic_minority = factory.LazyAttribute(lambda baseline: baseline.total // 8)
    source = "Sở Giáo dục và Đào tạo"


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    client_id = factory.LazyFunction(uuid.uuid4)
    date = datetime.date(2025, 3, 14)
    venue = factory.SubFactory(VenueFactory)
    org_unit = factory.LazyAttribute(lambda session: session.venue.org_unit)
    form = Form.TALK
    audience = Audience.STUDENTS
    cohort = "10A1"
    participants = 40
    female = factory.LazyAttribute(lambda session: session.participants // 2)
    ethnic_minority = factory.LazyAttribute(lambda session: session.participants // 8)
    under_18 = factory.LazyAttribute(lambda session: session.participants)
    languages = factory.LazyFunction(lambda: ["vi"])
    organizer = Organizer.YOUTH_UNION
    status = Status.SUBMITTED
    created_by = factory.SubFactory(UserFactory)
