"""A person's name the Vietnamese way: family name first ("Vàng A Dế", never "Dế Vàng A").

Django's user keeps ``last_name`` (here: family and middle names, "Họ và tên đệm") and
``first_name`` (the given name, "Tên"). ``full_name`` joins them family first; the user
model's ``get_full_name`` is replaced by it when the app is ready, so every header, list,
e-mail and export that asks Django or Wagtail for a user's name gets the same order.
"""

from django.utils.translation import gettext_lazy as _

FAMILY_NAMES_LABEL = _("Họ và tên đệm")
GIVEN_NAME_LABEL = _("Tên")


def full_name(user):
    """ "Vàng A Dế" from last_name "Vàng A" and first_name "Dế"; the username when both are
    empty; "" for no user."""
    if user is None:
        return ""
    parts = [getattr(user, "last_name", "") or "", getattr(user, "first_name", "") or ""]
    name = " ".join(" ".join(parts).split())
    return name or user.get_username()


def split_full_name(name: str) -> tuple[str, str]:
    """(last_name, first_name) of a full name written family name first, as the user form
    asks for them: "Giàng Thị Mai" → ("Giàng Thị", "Mai"); a single word is the given name."""
    words = name.split()
    return " ".join(words[:-1]), " ".join(words[-1:])


def _get_full_name(user):
    return " ".join(f"{user.last_name or ''} {user.first_name or ''}".split())


def use_family_name_first():
    """Patch the user model and Wagtail's user forms (called from ``AppConfig.ready``)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user_model.get_full_name = _get_full_name
    for field_name, label in (("last_name", FAMILY_NAMES_LABEL), ("first_name", GIVEN_NAME_LABEL)):
        user_model._meta.get_field(field_name).verbose_name = label
    from wagtail.admin.forms.account import NameEmailForm
    from wagtail.users.forms import UserCreationForm, UserEditForm, UserForm

    for form in (UserForm, UserCreationForm, UserEditForm, NameEmailForm):
        for fields in (form.base_fields, form.declared_fields):
            if "last_name" in fields:
                fields["last_name"].label = FAMILY_NAMES_LABEL
            if "first_name" in fields:
                fields["first_name"].label = GIVEN_NAME_LABEL
        family_name_first(form.base_fields)
    NameEmailForm.Meta.fields = ["last_name", "first_name", "email"]


def family_name_first(fields):
    """Reorder a form's fields in place so that last_name comes just before first_name.

    Also called by forms built on Wagtail's (the scoped user forms): a form class made
    before the patch keeps its own field order, which depends on import order."""
    if "last_name" not in fields or "first_name" not in fields:
        return
    items = list(fields.items())
    fields.clear()
    for name, field in items:
        if name == "last_name":
            continue
        if name == "first_name":
            fields["last_name"] = dict(items)["last_name"]
        fields[name] = field
