"""Administrative units (one tree, current and historical) and each user's home unit.

The tree is a containment tree: a unit's parent is the smallest unit that
contains it. Since the July 2025 reform there are two levels, so current
communes sit directly under their province. Units abolished by the reform stay
in the tree, closed on 2025-06-30: an old commune under its old district, an old
district under its old province, and an old province under the current province
that absorbed it. Data recorded against an old commune in 2023 therefore rolls
up to today's province through the tree, and to today's commune(s) through the
succession links.

Every unit stores its materialised path (codes from the root down, e.g.
``VN/08/02269/``), so "everything under unit X" is one indexed prefix query.
Paths and search names are derived data, written by ``places.services``; the
models themselves hold no rules.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from places.fields import PrefixIndexedCharField

PATH_SEPARATOR = "/"


class Level(models.TextChoices):
    COUNTRY = "country", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh, thành phố")
    # As the plans name them: "huyện, thị xã, thành phố" (abolished on 1 July 2025) and
    # "xã, phường, thị trấn" (since then xã, phường, đặc khu).
    DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")


class OrgUnitQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        """Units in force on ``day`` (open-ended dates count as always)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self):
        """Units in force today."""
        return self.valid_on(timezone.localdate())

    def subtree(self, unit: "OrgUnit"):
        """``unit`` and every unit below it, historical ones included: one indexed range."""
        return self.filter(path__startswith=unit.path)

    def communes_under(self, unit: "OrgUnit", on: date | None = None):
        """Communes below ``unit`` (or ``unit`` itself if it is a commune), in one query.

        ``on`` keeps only the communes in force that day; ``None`` keeps them all,
        so that data recorded against communes abolished in 2025 still counts.
        """
        communes = self.subtree(unit).filter(level=Level.COMMUNE)
        return communes if on is None else communes.valid_on(on)


class OrgUnit(models.Model):
    """One administrative unit: the country, a province, a district or a commune.

    ``code`` is the statistics office's code (2 digits for a province, 3 for a
    district, 5 for a commune, "VN" for the country). The office reuses codes:
    each of the 34 provinces and 3,310 of the 3,321 communes formed in 2025
    carries the code of a unit it replaced. So a code is unique among the units
    in force at the same time, not across history: the pair (code, valid_until)
    identifies a unit, and at most one open-ended unit holds each code.
    """

    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    code = PrefixIndexedCharField(_("mã"), max_length=16, db_index=True)
    name = models.CharField(_("tên"), max_length=255)
    search_name = PrefixIndexedCharField(
        _("tên không dấu"),
        max_length=255,
        db_index=True,
        editable=False,
        help_text=_("Tên viết thường, không dấu, dùng để tìm kiếm."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = PrefixIndexedCharField(_("đường dẫn"), max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        through="Succession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = OrgUnitQuerySet.as_manager()

    #: ``places.scope`` reads this to find the unit an object belongs to; "" is the object itself.
    scope_unit_field = ""

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_until__isnull=True),
                name="places_orgunit_one_open_unit_per_code",
            ),
            models.UniqueConstraint(
                fields=["code", "valid_until"], name="places_orgunit_unique_code_until"
            ),
        ]

    def __str__(self):
        if self.valid_until is None:
            return self.name
        return f"{self.name} ({_('đến')} {self.valid_until:%d/%m/%Y})"

    def descendants(self):
        """Every unit below this one, historical ones included (one indexed query)."""
        return OrgUnit.objects.subtree(self).exclude(pk=self.pk)

    def ancestors(self):
        """The units above this one, from the root down (one query)."""
        segments = self.path.split(PATH_SEPARATOR)[:-2]
        prefixes = [
            PATH_SEPARATOR.join(segments[: i + 1]) + PATH_SEPARATOR for i in range(len(segments))
        ]
        return OrgUnit.objects.filter(path__in=prefixes).order_by("path")

    def is_within(self, other: "OrgUnit") -> bool:
        """True if this unit is ``other`` or lies below it (no query)."""
        return self.path.startswith(other.path)

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


class Succession(models.Model):
    """``predecessor`` was replaced, wholly or in part, by ``successor``.

    An explicit table rather than a bare many-to-many because the reform split
    some units: 441 old communes were divided between two or more new ones.
    ``partial`` records that, so a rollup knows it cannot hand all of an old
    commune's figures to any single successor.
    """

    predecessor = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị cũ"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    partial = models.BooleanField(
        _("chỉ một phần"),
        default=False,
        help_text=_("Đơn vị cũ bị chia: chỉ một phần địa bàn chuyển sang đơn vị này."),
    )

    class Meta:
        verbose_name = _("sự kế thừa")
        verbose_name_plural = _("sự kế thừa")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="places_succession_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Role(models.TextChoices):
    """The four roles; each is a Django group named by the role's Vietnamese label."""

    VOLUNTEER = "volunteer", _("Tình nguyện viên")
    REVIEWER = "reviewer", _("Người duyệt")
    COMMUNICATION_OFFICER = "communication_officer", _("Cán bộ truyền thông")
    ADMINISTRATOR = "administrator", _("Quản trị viên")

    @property
    def group_name(self):
        """The role's group is named in Vietnamese, as the admin shows it (the msgid itself)."""
        from django.utils import translation

        with translation.override(None):
            return str(self.label)


class Membership(models.Model):
    """A user's home unit: what they may see and change is that unit's subtree."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    home_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    scope_unit_field = "home_unit"

    class Meta:
        verbose_name = _("đơn vị của người dùng")
        verbose_name_plural = _("đơn vị của người dùng")

    def __str__(self):
        return f"{self.user} – {self.home_unit}"


class VenueKind(models.TextChoices):
    HIGH_SCHOOL = "high_school", _("Trường THPT")
    LOWER_SECONDARY = "lower_secondary", _("Trường THCS")
    UNIVERSITY = "university", _("Trường đại học, cao đẳng")
    VOCATIONAL = "vocational", _("Cơ sở giáo dục nghề nghiệp")
    BOARDING_SCHOOL = "boarding_school", _("Trường phổ thông dân tộc nội trú")
    INDUSTRIAL_ZONE = "industrial_zone", _("Khu công nghiệp")
    ESTABLISHMENT = "establishment", _("Cơ sở kinh doanh dịch vụ")
    VILLAGE = "village", _("Thôn, bản, tổ dân phố")
    OTHER = "other", _("Khác")


class EstablishmentType(models.TextChoices):
    KARAOKE = "karaoke", _("Karaoke")
    MASSAGE_SAUNA = "massage_sauna", _("Xoa bóp, xông hơi")
    BAR_CLUB = "bar_club", _("Quán bar, vũ trường")
    HOTEL_GUESTHOUSE = "hotel_guesthouse", _("Khách sạn, nhà nghỉ")
    OTHER = "other", _("Khác")


class Venue(models.Model):
    """A place where outreach happens and whose population reach is measured against."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    search_name = PrefixIndexedCharField(
        _("tên không dấu"), max_length=255, db_index=True, editable=False
    )
    kind = models.CharField(_("loại"), max_length=32, choices=VenueKind.choices)
    establishment_type = models.CharField(
        _("loại cơ sở"), max_length=32, choices=EstablishmentType.choices, blank=True
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("địa điểm")
        verbose_name_plural = _("địa điểm")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="establishment") | Q(establishment_type=""),
                name="places_venue_type_only_for_establishments",
            ),
        ]

    def __str__(self):
        return self.name

    def baseline_for(self, year: int) -> "PopulationBaseline | None":
        """The population figure for ``year``, else the latest earlier one.

        Answers from prefetched ``baselines`` when there are some (no query).
        """
        if "baselines" in getattr(self, "_prefetched_objects_cache", {}):
            earlier = [b for b in self.baselines.all() if b.year <= year]
            return max(earlier, key=lambda b: b.year, default=None)
        return self.baselines.filter(year__lte=year).order_by("-year").first()


class PopulationBaseline(models.Model):
    """How many people a venue holds in a year: the denominator of reach."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("địa điểm"), on_delete=models.CASCADE, related_name="baselines"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    total = models.PositiveIntegerField(_("tổng số"))
    female = models.PositiveIntegerField(_("nữ"), null=True, blank=True)
    ethnic_minority = models.PositiveIntegerField(_("dân tộc thiểu số"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    as_of = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)

    scope_unit_field = "venue__org_unit"

    class Meta:
        verbose_name = _("số người của địa điểm")
        verbose_name_plural = _("số người của địa điểm")
        constraints = [
            models.UniqueConstraint(fields=["venue", "year"], name="places_baseline_one_per_year"),
            models.CheckConstraint(
                condition=Q(female__lte=models.F("total")) | Q(female__isnull=True),
                name="places_baseline_female_within_total",
            ),
            models.CheckConstraint(
                condition=Q(ethnic_minority__lte=models.F("total"))
                | Q(ethnic_minority__isnull=True),
                name="places_baseline_minority_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.venue} {self.year}: {self.total}"
