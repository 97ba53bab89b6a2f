"""Factories for org units and memberships. Paths and search names come from places.services."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from common.text import search_name_for
from places.models import Level, Membership, OrgUnit, Succession
from places.services import path_for


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    level = Level.COMMUNE
    # Codes from 90000 up: the shared tree fixture uses real ones (02269, 03199, ...).
    code = factory.Sequence(lambda n: f"{90_000 + n % 10_000:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    search_name = factory.LazyAttribute(lambda unit: search_name_for(unit.name))
    parent = None
    path = factory.LazyAttribute(lambda unit: path_for(unit.parent, unit.code, unit.valid_until))
    valid_from = None
    valid_until = None


class CountryFactory(OrgUnitFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code", "valid_until")

    level = Level.COUNTRY
    code = "VN"
    name = "Việt Nam"


class ProvinceFactory(OrgUnitFactory):
    level = Level.PROVINCE
    code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    parent = factory.SubFactory(CountryFactory)


class DistrictFactory(OrgUnitFactory):
    level = Level.DISTRICT
    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Huyện Thử Nghiệm {n}")
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(OrgUnitFactory):
    level = Level.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)


class SuccessionFactory(DjangoModelFactory):
    class Meta:
        model = Succession

    predecessor = factory.SubFactory(CommuneFactory)
    successor = factory.SubFactory(CommuneFactory)
    partial = False


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    home_unit = factory.SubFactory(CommuneFactory)
