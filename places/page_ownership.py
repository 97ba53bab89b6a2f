"""Which pages a user may change: those whose owner unit lies in their subtree.

Wagtail decides every page action (edit, publish, unpublish, delete, move, copy, revert,
lock, reorder, the explorer's buttons and the bulk actions) through the page's
``permissions_for_user``. Pages of ``OwnedPageMixin`` answer with
``OwnedPagePermissionTester``: Wagtail's own page permissions (per role, from the root
down) and, on top, one rule, ``may_change_page``: the page's unit lies in the user's
subtree (``places.scope``); superusers change everything; a page without a unit (made
before units were recorded, or by a script) is left to superusers.

Most pages carry the unit as a field (``UnitOwnedPage.owner_unit``), set by default to the
creating user's home unit and editable only to units of the editor's subtree
(``OwnerUnitFormMixin``); section pages (home and index pages) belong to the national unit.
A contest page follows its contest (``ContestPage.owning_unit``). Adding a page under
another unit's section stays allowed: a commune officer writes a news article in the
national news section, and owns that article.
"""

from django import forms
from django.apps import apps as django_apps
from django.db import models
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import PagePermissionTester

from places import scope
from places.models import OrgUnit

# A listing annotates each row with its unit's path under this name (``with_unit_paths``),
# so that its buttons cost no query per row; Wagtail copies it onto the specific page.
UNIT_PATH = "owner_unit_path"


def owning_unit(page) -> OrgUnit | None:
    owning = getattr(page, "owning_unit", None)
    return owning() if owning is not None else None


def unit_path_of(page) -> str | None:
    if UNIT_PATH in page.__dict__:
        return page.__dict__[UNIT_PATH]
    unit = owning_unit(page)
    return unit.path if unit is not None else None


def may_change_page(user, page) -> bool:
    """True if the page's unit lies in the user's subtree; superusers change every page."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return scope.is_path_in_scope(user, unit_path_of(page))


def owned_page_models():
    return [
        model
        for model in django_apps.get_models()
        if issubclass(model, OwnedPageMixin) and not model._meta.abstract
    ]


def with_unit_paths(pages):
    """``pages`` (any page queryset) with each page's unit path, in the same query."""
    paths = [
        Subquery(
            model.objects.filter(pk=OuterRef("pk")).values(model.unit_path_lookup)[:1],
            output_field=CharField(),
        )
        for model in owned_page_models()
    ]
    if len(paths) < 2:
        paths.append(models.Value(None, output_field=CharField()))
    return pages.annotate(**{UNIT_PATH: Coalesce(*paths, output_field=CharField())})


class OwnedPagePermissionTester(PagePermissionTester):
    """Wagtail's answers for the page, and for every change, the page's unit in scope."""

    @cached_property
    def owned(self) -> bool:
        return may_change_page(self.user, self.page)

    def can_edit(self):
        return super().can_edit() and self.owned

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self.owned

    def can_publish(self):
        return super().can_publish() and self.owned

    def can_unpublish(self):
        return super().can_unpublish() and self.owned

    def can_lock(self):
        return super().can_lock() and self.owned

    def can_unlock(self):
        return super().can_unlock() and (self.owned or self.user_has_lock())

    def can_reorder_children(self):
        return super().can_reorder_children() and self.owned

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.owned

    # can_move is can_delete, can_copy is can_edit, can_set_view_restrictions and
    # can_unschedule are can_publish: Wagtail's tester calls the methods above.


class OwnedPageMixin:
    """A page model whose changes ``may_change_page`` decides; it says its unit in
    ``owning_unit()``."""

    #: The lookup from the page to its unit's path, for ``with_unit_paths``.
    unit_path_lookup = "owner_unit__path"

    def owning_unit(self) -> OrgUnit | None:
        raise NotImplementedError

    def permissions_for_user(self, user):
        return OwnedPagePermissionTester(user, self)


class UnitOwnedPage(OwnedPageMixin, models.Model):
    """A page that carries its owner unit; ``national_section`` pages default to the country."""

    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cán bộ của đơn vị này và cấp trên sửa, đăng, gỡ, xóa, di chuyển được trang."),
    )

    national_section = False

    class Meta:
        abstract = True

    def owning_unit(self):
        return self.owner_unit


class OwnerUnitFormMixin:
    """The owner unit of a page being written: by default the creating user's home unit (the
    country for a section page, or for a superuser without one), only a unit of the editor's
    subtree, never left empty by anyone but a superuser."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("owner_unit")
        if field is None:
            return
        field.required = False  # filled in clean_owner_unit when left out
        if self.instance.pk is None and not self.initial.get("owner_unit"):
            default = self._default_owner_unit()
            if default is not None:
                self.initial["owner_unit"] = default.pk

    def _is_superuser(self):
        return bool(getattr(self.for_user, "is_superuser", False))

    def _default_owner_unit(self):
        if getattr(self.instance, "national_section", False):
            return scope.national_unit()
        home = scope.home_unit(self.for_user)
        return home or (scope.national_unit() if self._is_superuser() else None)

    def clean_owner_unit(self):
        unit = self.cleaned_data.get("owner_unit")
        user = self.for_user
        if unit is None and self.instance.pk is None:
            unit = self._default_owner_unit()
        if unit is None:
            if self._is_superuser():
                return None
            raise forms.ValidationError(_("Chọn đơn vị chủ quản."))
        if not scope.is_in_scope(user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit


class OwnedPageForm(OwnerUnitFormMixin, WagtailAdminPageForm):
    pass


def give_unowned_pages_their_units() -> None:
    """Pages a script made without a unit (the demo's) get one as the data migration gives
    it; nothing changes while no country is loaded."""
    owned = [model for model in owned_page_models() if issubclass(model, UnitOwnedPage)]
    fill_owner_units(
        django_apps,
        [model._meta.label for model in owned if not model.national_section],
        [model._meta.label for model in owned if model.national_section],
    )


def fill_owner_units(apps, model_labels, section_labels=()):
    """For a data migration: give each page of ``model_labels`` without a unit its creator's
    home unit, else the country; pages of ``section_labels`` the country."""
    unit_model = apps.get_model("places", "OrgUnit")
    membership_model = apps.get_model("places", "Membership")
    country = unit_model.objects.filter(level="country", parent__isnull=True).order_by("pk").first()
    home_units = dict(membership_model.objects.values_list("user_id", "home_unit_id"))
    for label in (*model_labels, *section_labels):
        model = apps.get_model(label)
        for page in model.objects.filter(owner_unit__isnull=True).only("pk", "owner_id"):
            unit_id = None if label in section_labels else home_units.get(page.owner_id)
            unit_id = unit_id or (country.pk if country else None)
            if unit_id is not None:
                model.objects.filter(pk=page.pk).update(owner_unit_id=unit_id)
