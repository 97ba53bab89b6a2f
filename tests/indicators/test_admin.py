"""Plans with their targets, units' yearly facts and the media log in the Wagtail admin, scoped."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from campaigns.models import MediaItem
from indicators.models import Plan, Target, UnitYear
from places.models import Role
from tests.admin_answers import refused_or_hidden

pytestmark = pytest.mark.django_db

# At least what places.services.setup_roles grants; delete too, so that the refusals tested
# below come from the scope, not from a missing permission.
GRANTS = {
    Role.COMMUNICATION_OFFICER: [
        ("indicators", f"{action}_{model}")
        for model in ("plan", "unityear")
        for action in ("add", "change", "delete", "view")
    ]
    + [("campaigns", f"{action}_mediaitem") for action in ("add", "change", "delete", "view")],
    Role.REVIEWER: [
        ("indicators", "view_plan"),
        ("indicators", "view_unityear"),
        ("campaigns", "view_mediaitem"),
    ],
}


@pytest.fixture
def granted(roles):
    for role, codes in GRANTS.items():
        for app_label, codename in codes:
            roles[role].permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return roles


@pytest.fixture
def officer(tree, member, granted, client):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")
    client.force_login(user)
    return user


def url(name, *args):
    return reverse(name, args=args)


def make_plan(unit, name, **fields):
    values = {"level": unit.level, "first_year": 2021, "last_year": 2025, **fields}
    return Plan.objects.create(name=name, org_unit=unit, **values)


@pytest.fixture
def plans(tree):
    national = make_plan(tree.country, "Kế hoạch tổng thể", document_number="808/QĐ-LĐTBXH")
    tuyen_quang = make_plan(tree.tuyen_quang, "Kế hoạch Tuyên Quang", parent=national)
    lao_cai = make_plan(tree.lao_cai, "Kế hoạch Lào Cai", parent=national)
    for plan in (national, tuyen_quang, lao_cai):
        Target.objects.create(plan=plan, indicator="students", value=70, wording="≥ 70%")
    return national, tuyen_quang, lao_cai


def plan_form(plan, target_value, **changes):
    target = plan.targets.get()
    fields = {
        "name": plan.name,
        "document_number": plan.document_number,
        "issued_on": "",
        "org_unit": plan.org_unit_id,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "parent": plan.parent_id or "",
        "form": plan.form,
        "deadlines": inline_formset([]),
        "targets": inline_formset(
            [
                {
                    "id": target.pk,
                    "indicator": target.indicator,
                    "level": target.level,
                    "kind": target.kind,
                    "value": target_value,
                    "wording": target.wording,
                }
            ],
            initial=1,
        ),
        **changes,
    }
    return nested_form_data(fields)


# --- Plans and targets -------------------------------------------------------------------


def test_an_officer_edits_a_target_of_their_provinces_plan(client, officer, plans):
    _national, tuyen_quang, _lao_cai = plans
    response = client.post(
        url("wagtailsnippets_indicators_plan:edit", tuyen_quang.pk), plan_form(tuyen_quang, "85")
    )
    assert response.status_code == 302
    assert tuyen_quang.targets.get().value == 85


def test_an_officer_cannot_edit_another_provinces_plan(client, officer, plans):
    _national, _tuyen_quang, lao_cai = plans
    response = client.post(
        url("wagtailsnippets_indicators_plan:edit", lao_cai.pk), plan_form(lao_cai, "10")
    )
    assert refused_or_hidden(response)
    assert lao_cai.targets.get().value == 70


def test_an_officer_reads_the_national_plan_but_cannot_edit_it(client, officer, plans):
    national, _tuyen_quang, _lao_cai = plans
    inspect = client.get(url("wagtailsnippets_indicators_plan:inspect", national.pk))
    assert inspect.status_code == 200
    assert "Học sinh, sinh viên được tuyên truyền" in inspect.text
    assert refused_or_hidden(client.get(url("wagtailsnippets_indicators_plan:edit", national.pk)))
    assert refused_or_hidden(
        client.post(url("wagtailsnippets_indicators_plan:delete", national.pk))
    )


def test_the_plan_listing_shows_the_users_plans_and_those_above_not_another_provinces(
    client, officer, plans
):
    html = client.get(url("wagtailsnippets_indicators_plan:list")).text
    assert "Kế hoạch tổng thể" in html and "Kế hoạch Tuyên Quang" in html
    assert "Kế hoạch Lào Cai" not in html


def test_the_plan_listing_links_a_plan_above_to_its_inspect_page_not_its_edit_page(
    client, officer, plans
):
    national, tuyen_quang, _lao_cai = plans
    html = client.get(url("wagtailsnippets_indicators_plan:list")).text
    assert url("wagtailsnippets_indicators_plan:edit", national.pk) not in html
    assert url("wagtailsnippets_indicators_plan:inspect", national.pk) in html
    assert url("wagtailsnippets_indicators_plan:edit", tuyen_quang.pk) in html


def test_an_officer_cannot_issue_a_plan_for_another_province(client, officer, plans, tree):
    _national, tuyen_quang, _lao_cai = plans
    data = plan_form(tuyen_quang, "85", org_unit=tree.lao_cai.pk)
    client.post(url("wagtailsnippets_indicators_plan:edit", tuyen_quang.pk), data)
    tuyen_quang.refresh_from_db()
    assert tuyen_quang.org_unit == tree.tuyen_quang


def test_an_officer_adds_a_plan_with_its_targets_and_its_level_follows_the_unit(
    client, officer, plans, tree
):
    national, _tuyen_quang, _lao_cai = plans
    data = nested_form_data(
        {
            "name": "Kế hoạch xã Thượng Lâm",
            "document_number": "12/KH-UBND",
            "issued_on": "2025-02-01",
            "org_unit": tree.thuong_lam.pk,
            "first_year": 2025,
            "last_year": 2025,
            "parent": national.pk,
            "form": "plan",
            "deadlines": inline_formset(
                [{"report": "H1", "direction": "in", "month": "6", "day": "15", "from_level": ""}]
            ),
            "targets": inline_formset(
                [
                    {
                        "indicator": "communes",
                        "level": "",
                        "kind": "each_period",
                        "every": "year",
                        "value": "100",
                        "wording": "100%",
                    }
                ]
            ),
        }
    )
    response = client.post(url("wagtailsnippets_indicators_plan:add"), data)
    assert response.status_code == 302
    plan = Plan.objects.get(name="Kế hoạch xã Thượng Lâm")
    deadlines = list(plan.deadlines.values_list("report", "direction", "month", "day"))
    assert (plan.level, deadlines) == ("commune", [("H1", "in", 6, 15)])
    assert list(plan.targets.values_list("indicator", "kind", "every", "value")) == [
        ("communes", "each_period", "year", 100)
    ]


def test_a_target_above_one_hundred_percent_is_refused(client, officer, plans):
    _national, tuyen_quang, _lao_cai = plans
    response = client.post(
        url("wagtailsnippets_indicators_plan:edit", tuyen_quang.pk), plan_form(tuyen_quang, "120")
    )
    assert response.status_code == 200
    assert "từ 0 đến 100" in response.text
    assert tuyen_quang.targets.get().value == 70


def test_a_reviewer_reads_plans_but_cannot_edit_them(client, tree, member, granted, plans):
    client.force_login(member(tree.tuyen_quang, Role.REVIEWER))
    _national, tuyen_quang, _lao_cai = plans
    assert client.get(url("wagtailsnippets_indicators_plan:list")).status_code == 200
    assert refused_or_hidden(
        client.get(url("wagtailsnippets_indicators_plan:edit", tuyen_quang.pk))
    )


def test_a_volunteer_has_no_plan_admin(client, tree, member, granted, plans):
    client.force_login(member(tree.thuong_lam, Role.VOLUNTEER))
    response = client.get(url("wagtailsnippets_indicators_plan:list"))
    assert response.status_code == 302


def test_the_plan_listing_makes_as_many_queries_for_many_plans_as_for_few(
    client, officer, plans, tree
):
    list_url = url("wagtailsnippets_indicators_plan:list")
    client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    for year in range(2010, 2020):
        make_plan(tree.tuyen_quang, f"Kế hoạch {year}", first_year=year, last_year=year)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)


# --- Unit years ----------------------------------------------------------------------------


def unit_year_form(unit, **fields):
    return {
        "org_unit": unit.pk,
        "year": 2025,
        "has_yearly_plan": "on",
        "plan_document": SimpleUploadedFile(
            "ke-hoach.pdf", b"%PDF-1.4 plan", content_type="application/pdf"
        ),
        "integrated": "on",
        "cadres": "40",
        **fields,
    }


def test_an_officer_records_a_communes_yearly_plan_with_its_file(
    client, officer, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(
        url("wagtailsnippets_indicators_unityear:add"), unit_year_form(tree.thuong_lam)
    )
    assert response.status_code == 302
    fact = UnitYear.objects.get(org_unit=tree.thuong_lam, year=2025)
    assert (fact.has_yearly_plan, fact.integrated, fact.cadres) == (True, True, 40)
    assert fact.plan_document.name.endswith(".pdf")


def test_a_yearly_plan_without_its_file_is_refused(client, officer, tree):
    response = client.post(
        url("wagtailsnippets_indicators_unityear:add"),
        unit_year_form(tree.thuong_lam, plan_document=""),
    )
    assert response.status_code == 200
    assert not UnitYear.objects.exists()


def test_a_yearly_plan_file_of_another_type_is_refused(client, officer, tree):
    bad = SimpleUploadedFile("ke-hoach.exe", b"MZ", content_type="application/octet-stream")
    client.post(
        url("wagtailsnippets_indicators_unityear:add"),
        unit_year_form(tree.thuong_lam, plan_document=bad),
    )
    assert not UnitYear.objects.exists()


def test_an_officer_cannot_record_another_provinces_yearly_plan(client, officer, tree):
    client.post(url("wagtailsnippets_indicators_unityear:add"), unit_year_form(tree.sa_pa))
    assert not UnitYear.objects.exists()


def test_the_unit_year_listing_shows_the_users_subtree_only(client, officer, tree):
    UnitYear.objects.create(org_unit=tree.lam_binh, year=2025, cadres=11)
    other = UnitYear.objects.create(org_unit=tree.bac_ha, year=2025, cadres=22)
    html = client.get(url("wagtailsnippets_indicators_unityear:list")).text
    assert "Xã Lâm Bình" in html
    assert "Xã Bắc Hà" not in html
    assert refused_or_hidden(client.get(url("wagtailsnippets_indicators_unityear:edit", other.pk)))


# --- Media log ----------------------------------------------------------------------------


def media_item(unit, title):
    return MediaItem.objects.create(
        published_on=datetime.date(2025, 3, 1),
        title=title,
        outlet="Báo tỉnh",
        channel="newspaper",
        level="provincial",
        org_unit=unit,
    )


def media_form(unit, **fields):
    return {
        "title": "Phóng sự phòng, chống mại dâm",
        "published_on": "2025-03-05",
        "outlet": "Đài PT-TH Tuyên Quang",
        "channel": "television",
        "level": "provincial",
        "url": "",
        "language": "vi",
        "org_unit": unit.pk,
        "note": "",
        **fields,
    }


def test_an_officer_logs_a_media_item_as_its_author(client, officer, tree):
    response = client.post(
        url("wagtailsnippets_campaigns_mediaitem:add"), media_form(tree.tuyen_quang)
    )
    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.org_unit, item.logged_by) == (tree.tuyen_quang, officer)


def test_an_officer_cannot_log_a_media_item_for_another_province(client, officer, tree):
    client.post(url("wagtailsnippets_campaigns_mediaitem:add"), media_form(tree.lao_cai))
    assert not MediaItem.objects.exists()


def test_the_media_log_shows_the_users_subtree_only(client, officer, tree):
    media_item(tree.thuong_lam, "Tin Thượng Lâm")
    media_item(tree.sa_pa, "Tin Sa Pa")
    html = client.get(url("wagtailsnippets_campaigns_mediaitem:list")).text
    assert "Tin Thượng Lâm" in html
    assert "Tin Sa Pa" not in html


def test_an_officer_cannot_edit_or_delete_another_provinces_media_item(client, officer, tree):
    item = media_item(tree.sa_pa, "Tin Sa Pa")
    assert refused_or_hidden(client.get(url("wagtailsnippets_campaigns_mediaitem:edit", item.pk)))
    assert refused_or_hidden(
        client.post(url("wagtailsnippets_campaigns_mediaitem:delete", item.pk))
    )
    assert MediaItem.objects.filter(pk=item.pk).exists()


def test_an_officer_cannot_bulk_delete_another_provinces_media_item(client, officer, tree):
    own = media_item(tree.thuong_lam, "Tin Thượng Lâm")
    other = media_item(tree.sa_pa, "Tin Sa Pa")
    bulk = (
        reverse("wagtail_bulk_action", args=("campaigns", "mediaitem", "delete"))
        + f"?id={own.pk}&id={other.pk}"
    )
    client.post(bulk)
    assert MediaItem.objects.filter(pk=other.pk).exists()


def test_the_media_log_makes_as_many_queries_for_many_items_as_for_few(client, officer, tree):
    list_url = url("wagtailsnippets_campaigns_mediaitem:list")
    media_item(tree.thuong_lam, "Tin 0")
    client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    for number in range(1, 11):
        media_item(tree.thuong_lam, f"Tin {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)


def test_a_yearly_plan_file_is_served_by_the_app_within_the_subtree(
    client, officer, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.post(url("wagtailsnippets_indicators_unityear:add"), unit_year_form(tree.thuong_lam))
    fact = UnitYear.objects.get()
    response = client.get(url("indicators_dashboard:unit_plan", fact.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert "attachment" in response["Content-Disposition"]


def test_the_unit_year_listing_links_the_file_through_the_app_not_media(
    client, officer, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.post(url("wagtailsnippets_indicators_unityear:add"), unit_year_form(tree.thuong_lam))
    html = client.get(url("wagtailsnippets_indicators_unityear:list")).text
    assert url("indicators_dashboard:unit_plan", UnitYear.objects.get().pk) in html
    assert "/media/unit-plans/" not in html


def test_another_provinces_yearly_plan_file_is_not_found(client, officer, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fact = UnitYear.objects.create(org_unit=tree.sa_pa, year=2025, has_yearly_plan=True)
    fact.plan_document.save("plan.pdf", SimpleUploadedFile("plan.pdf", b"%PDF-1.4 other"))
    assert client.get(url("indicators_dashboard:unit_plan", fact.pk)).status_code == 404
