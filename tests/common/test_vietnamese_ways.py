"""Names, numbers and dates the Vietnamese way: "Vàng A Dế", 18.400 and 6,1%, 05/09/2025."""

import datetime
import re

import pytest
from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import translation
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.widgets import AdminDateInput

from common.names import full_name, split_full_name
from common.numbers import number, percent
from tests.places.factories import UserFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load vietnamese %}" + source).render(Context(context))


def test_a_full_name_is_written_family_name_first():
    user = UserFactory(first_name="Dế", last_name="Vàng A")
    assert full_name(user) == "Vàng A Dế"
    assert user.get_full_name() == "Vàng A Dế"
    assert get_user_display_name(user) == "Vàng A Dế"
    assert render("{{ user|full_name }}", user=user) == "Vàng A Dế"


@pytest.mark.parametrize(
    "name, parts",
    [
        ("Giàng Thị Mai", ("Giàng Thị", "Mai")),
        ("  Vàng   A  Dế ", ("Vàng A", "Dế")),
        ("Mai", ("", "Mai")),
        ("", ("", "")),
    ],
)
def test_a_full_name_splits_as_the_user_form_asks_for_it(name, parts):
    assert split_full_name(name) == parts


def test_a_user_without_a_name_is_shown_by_username():
    user = UserFactory(username="tnv_lan", first_name="", last_name="")
    assert full_name(user) == "tnv_lan"
    assert full_name(None) == ""


def test_the_admin_user_form_asks_family_and_middle_names_before_the_given_name(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in ("/admin/users/new/", f"/admin/users/edit/{admin.pk}/"):
        html = client.get(url).content.decode()
        labels = re.findall(
            r'<label[^>]*for="id_(last_name|first_name)"[^>]*>\s*([^<]+?)\s*<', html
        )
        assert [(name, text) for name, text in labels] == [
            ("last_name", "Họ và tên đệm"),
            ("first_name", "Tên"),
        ], url


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (18400, None, "18.400"),
        (1234567, None, "1.234.567"),
        (999, None, "999"),
        (6.125, 1, "6,1"),
        ("12.5", None, "12,5"),
        (0, None, "0"),
        (None, None, "—"),
        ("", None, "—"),
    ],
)
def test_numbers_use_vietnamese_separators_and_a_dash_for_none(value, decimals, shown):
    assert number(value, decimals) == shown


def test_percentages_carry_a_decimal_comma_and_none_is_a_dash():
    assert percent(6.1) == "6,1%"
    assert percent(64.54) == "64,5%"
    assert percent(None) == "—"
    assert render("{{ a|number }} · {{ b|percent }} · {{ c|number }}", a=18400, b=6.1, c=None) == (
        "18.400 · 6,1% · —"
    )


@pytest.mark.parametrize("language", ["vi", "hmn", "km", "en"])
def test_admin_number_columns_group_thousands_with_a_dot_in_every_language(language):
    with translation.override(language):
        assert intcomma(18400) == "18.400"


class DateForm(forms.Form):
    day = forms.DateField()
    at = forms.DateTimeField()


@pytest.mark.parametrize("language", ["vi", "hmn", "km", "en"])
def test_a_date_typed_day_first_is_read_day_first_in_every_language(language):
    with translation.override(language):
        form = DateForm({"day": "05/09/2025", "at": "05/09/2025 14:30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2025, 9, 5)
        assert form.cleaned_data["at"].replace(tzinfo=None) == datetime.datetime(2025, 9, 5, 14, 30)
        # ISO, as <input type="date"> and the API send it, is still read.
        assert DateForm({"day": "2025-09-05", "at": "2025-09-05 14:30"}).is_valid()


@pytest.mark.parametrize("language", ["vi", "hmn", "km"])
def test_a_date_is_shown_day_first(language):
    with translation.override(language):
        assert render("{{ d }}", d=datetime.date(2025, 9, 5)) == "05/09/2025"
        assert str(DateForm(initial={"day": datetime.date(2025, 9, 5)})["day"]).count(
            'value="05/09/2025"'
        )


def test_the_admin_date_picker_shows_and_reads_day_first():
    widget = AdminDateInput()
    html = widget.render("day", datetime.date(2025, 9, 5))
    assert 'value="05/09/2025"' in html
    field = forms.DateField(widget=widget)
    assert field.clean("05/09/2025") == datetime.date(2025, 9, 5)
