"""Onboarding in one step: volunteers, reviewers and officers from a spreadsheet.

Columns ``username, full_name, email, phone, unit_code, role`` (phone may be
blank). All or nothing, every bad row named, like every import. The importer
needs ``auth.add_user``; each row's unit must lie in their subtree and its role
below their own (``places.accounts``). Accounts are only created, never changed:
a username that exists is a bad row. Each new user gets no password but an
e-mail with a link to set one (Wagtail's password reset page; the console in
development).
"""

import re

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.names import split_full_name
from common.spreadsheets import (
    ImportResult,
    Progress,
    Table,
    choice_lookup,
    choice_of,
    chunks,
    missing_columns,
    no_progress,
    rows_to_check,
    text_of,
)
from places import accounts, scope
from places.imports import LOOKUP_CHUNK, commune_code_of, require_scope_root
from places.models import Membership, OrgUnit, Role

USER_COLUMNS = ("username", "full_name", "email", "phone", "unit_code", "role")
REQUIRED_USER_COLUMNS = ("username", "full_name", "email", "unit_code", "role")
IMPORT_USERS_PERMISSION = "auth.add_user"
USERNAME = re.compile(r"[\w.@+-]{1,150}")


def user_template_codes():
    """The roles a file may name, for the template's second sheet."""
    return [("role", role.value, role.label) for role in Role]


def import_users(user, table: Table, *, progress: Progress = no_progress, send_links=True):
    """Create the accounts of the file, all or nothing; see the module's docstring."""
    if not user.has_perm(IMPORT_USERS_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền tạo tài khoản."))
    require_scope_root(user)
    result = ImportResult()
    missing = missing_columns(table, REQUIRED_USER_COLUMNS)
    rows = rows_to_check(table, result, missing, "username")
    if rows is None:
        return result
    progress("checking", 0, len(rows))
    units = _units_by_code(text_of(values.get("unit_code", "")) for _n, values in rows)
    taken = _existing_usernames(text_of(values.get("username", "")) for _n, values in rows)
    roles = choice_lookup(Role)
    allowed_roles = set(accounts.grantable_roles(user, strictly_below=True))
    seen = {}
    accounts_to_create = []
    for number, values in rows:
        account = _check_row(user, number, values, result, units, taken, roles, allowed_roles)
        username = account.get("username")
        if username and username.lower() in seen:
            result.add_error(
                number,
                "username",
                _("Trùng tên đăng nhập với dòng %(row)d.") % {"row": seen[username.lower()]},
            )
        elif username:
            seen[username.lower()] = number
        accounts_to_create.append(account)
    if not result.ok:
        return result
    progress("saving", 0, len(rows))
    with transaction.atomic():
        created = [_create(account) for account in accounts_to_create]
    result.imported = len(created)
    if send_links:
        send_set_password_links(created)
    return result


def _units_by_code(codes) -> dict[str, OrgUnit]:
    wanted = set()
    for code in codes:
        if code:
            wanted.update({code, commune_code_of(code)})
    found = {}
    for part in chunks(sorted(wanted), LOOKUP_CHUNK):
        for unit in OrgUnit.objects.filter(valid_until__isnull=True, code__in=part):
            found[unit.code] = unit
    return found


def _existing_usernames(names) -> set[str]:
    wanted = sorted({name.lower() for name in names if name})
    taken = set()
    for part in chunks(wanted, LOOKUP_CHUNK):
        found = get_user_model().objects.filter(username__in=part).values_list("username")
        taken.update(name.lower() for (name,) in found)
    return taken


def _check_row(user, number, values, result, units, taken, roles, allowed_roles) -> dict:
    account = {}
    username = text_of(values.get("username", ""))
    if not username:
        result.add_error(number, "username", _("Nhập tên đăng nhập."))
    elif not USERNAME.fullmatch(username):
        result.add_error(
            number, "username", _("Tên đăng nhập chỉ gồm chữ, số và các dấu @ . + - _.")
        )
    elif username.lower() in taken:
        result.add_error(number, "username", _("Tên đăng nhập này đã có người dùng."))
    else:
        account["username"] = username
    full_name = " ".join(text_of(values.get("full_name", "")).split())
    if not full_name:
        result.add_error(number, "full_name", _("Nhập họ và tên."))
    account["last_name"], account["first_name"] = split_full_name(full_name)
    email = text_of(values.get("email", ""))
    try:
        validate_email(email)
        account["email"] = email
    except ValidationError:
        result.add_error(number, "email", _("Địa chỉ e-mail chưa đúng."))
    account["phone"] = _phone(values.get("phone", ""), number, result)
    code = text_of(values.get("unit_code", ""))
    unit = units.get(code) or units.get(commune_code_of(code)) if code else None
    if unit is None:
        result.add_error(number, "unit_code", _("Không có đơn vị đang hoạt động mang mã này."))
    elif not scope.is_in_scope(user, unit):
        result.add_error(number, "unit_code", _("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
    else:
        account["unit"] = unit
    role = choice_of(values.get("role", ""), roles)
    if role is None:
        result.add_error(number, "role", _("Vai trò không có trong danh sách."))
    elif Role(role) not in allowed_roles:
        result.add_error(number, "role", _("Bạn chỉ giao được vai trò thấp hơn vai trò của mình."))
    else:
        account["role"] = Role(role)
    return account


def _phone(raw, number, result) -> str:
    text = text_of(raw or "")
    if not text:
        return ""
    try:
        parsed = phonenumbers.parse(text[:40], "VN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        result.add_error(number, "phone", _("Số điện thoại chưa đúng, ví dụ 0912 345 678."))
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _create(account):
    user = get_user_model()(
        username=account["username"],
        email=account["email"],
        first_name=account["first_name"][:150],
        last_name=account["last_name"][:150],
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, home_unit=account["unit"], phone=account["phone"])
    accounts.set_role(user, account["role"])
    return user


def set_password_link(user) -> str:
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_set_password_links(users) -> None:
    """One e-mail per new user with the link that sets their password."""
    for user in users:
        send_mail(
            _("Tài khoản của bạn trên %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
            _(
                "Xin chào %(name)s,\n\nTài khoản “%(username)s” đã được tạo cho bạn. Mở liên kết "
                "sau để đặt mật khẩu (liên kết dùng được một lần):\n\n%(link)s\n"
            )
            % {
                "name": f"{user.last_name} {user.first_name}".strip() or user.username,
                "username": user.username,
                "link": set_password_link(user),
            },
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
