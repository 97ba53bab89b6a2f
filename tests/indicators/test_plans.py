"""Plans as the seeds write them: documents, chains, targets in time, deadlines (issue 10)."""

import datetime
import io
import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from indicators.models import Plan, Target
from indicators.periods import parse_period
from indicators.plans import load_seed_plans
from indicators.services import plan_for, targets_for
from tests.places.factories import CommuneFactory, DistrictFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(tree):
    """The units the five seed plans and the documents they name belong to, and the plans."""
    legacy = datetime.date(2025, 6, 30)
    hung_yen = ProvinceFactory(code="33", name="Tỉnh Hưng Yên", parent=tree.country)
    dong_nai = ProvinceFactory(
        code="75", name="Tỉnh Đồng Nai", parent=tree.country, valid_until=legacy
    )
    thanh_hoa = ProvinceFactory(
        code="38", name="Tỉnh Thanh Hóa", parent=tree.country, valid_until=legacy
    )
    trieu_son = DistrictFactory(
        code="397", name="Huyện Triệu Sơn", parent=thanh_hoa, valid_until=legacy
    )
    bien_hoa = DistrictFactory(code="731", name="Thành phố Biên Hòa", parent=dong_nai)
    loaded, skipped = load_seed_plans()
    assert skipped == []
    return SimpleNamespace(
        tree=tree,
        plans=loaded,
        hung_yen=hung_yen,
        dong_nai=dong_nai,
        bien_hoa=bien_hoa,
        thanh_hoa=thanh_hoa,
        trieu_son=trieu_son,
        tho_dan=CommuneFactory(code="15001", name="Xã Thọ Dân", parent=trieu_son),
    )


def plans_json(code, *extra):
    out = io.StringIO()
    call_command("plans", "--unit", code, "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


# --- plans as documents (item 3) ------------------------------------------------------


def test_808_is_a_decision_dated_as_its_text_dates_it(seeded):
    national = seeded.plans["national"]
    assert (national.form, national.issued_on) == ("decision", datetime.date(2022, 9, 5))
    assert national.citation() == "Quyết định số 808/QĐ-LĐTBXH ngày 05/09/2022"
    assert national.issuer == "Bộ Lao động - Thương binh và Xã hội"
    assert "1629/QĐ-TTg" in national.legal_bases


def test_each_plan_implements_the_document_its_text_names(seeded):
    parents = {
        key: plan.parent.document_number for key, plan in seeded.plans.items() if plan.parent
    }
    assert parents == {
        "national": "1629/QĐ-TTg",
        "hung_yen": "1629/QĐ-TTg",
        "dong_nai": "1629/QĐ-TTg",
        "trieu_son": "249/KH-UBND",
        "tuyen_quang": "361/QĐ-TTg",
    }


def test_named_but_unloaded_documents_are_stubs_with_their_number_and_date(seeded):
    stubs = {
        plan.document_number: (plan.form, plan.issued_on, plan.org_unit.code)
        for plan in Plan.objects.filter(is_stub=True)
    }
    assert stubs == {
        "1629/QĐ-TTg": ("decision", datetime.date(2021, 9, 28), "VN"),
        "249/KH-UBND": ("plan", datetime.date(2021, 11, 17), "38"),
        "361/QĐ-TTg": ("decision", datetime.date(2016, 3, 7), "VN"),
    }
    assert not Target.objects.filter(plan__is_stub=True).exists()


def test_no_date_is_invented_for_plans_whose_text_prints_none(seeded):
    for key in ("dong_nai", "trieu_son", "tuyen_quang"):
        plan = seeded.plans[key]
        assert (plan.document_number, plan.issued_on) == ("", None)


def test_loading_twice_changes_nothing(seeded):
    counts = (Plan.objects.count(), Target.objects.count())
    load_seed_plans()
    assert (Plan.objects.count(), Target.objects.count()) == counts


def test_hung_yen_does_not_inherit_the_ministry_s_targets(seeded):
    """Hưng Yên sets no training target; 808 is not in its chain, so none applies."""
    targets = targets_for(seeded.plans["hung_yen"], "province", parse_period("2021-2025"))
    assert not [code for code in targets if code.startswith("training")]
    assert targets["inspection"][0].value == 100


def test_a_thanh_hoa_unit_outside_trieu_son_gets_the_stub_not_the_national_plan(seeded):
    plan = plan_for(seeded.thanh_hoa, parse_period("2024"))
    assert plan.document_number == "249/KH-UBND"
    assert targets_for(plan, "province", parse_period("2024")) == {}


# --- targets in time (items 1 and 2) -------------------------------------------------------


def kinds(plan):
    return sorted((t.indicator, t.level, t.kind) for t in plan.targets.all())


def test_the_national_inspection_target_is_yearly_and_cumulative_by_2025(seeded):
    national = seeded.plans["national"]
    year = targets_for(national, "country", parse_period("2024"))["inspection"][0]
    whole = targets_for(national, "country", parse_period("2021-2025"))["inspection"][0]
    assert (year.kind, year.every, year.value) == ("each_period", "year", 20)
    assert (whole.kind, whole.until, whole.value) == ("by_date", datetime.date(2025, 12, 31), 100)


def test_a_quarter_or_a_half_year_is_not_judged_against_a_yearly_target(seeded):
    national = seeded.plans["national"]
    for code in ("2024-Q2", "2024-H1"):
        targets = targets_for(national, "country", parse_period(code))
        assert "inspection" not in targets
        assert "communes" not in targets
        # "At least once a month" holds on any period made of months.
        assert targets["press"][0].every == "month"


def test_tuyen_quang_s_integration_target_is_staged_50_from_2017_and_100_in_2020(seeded):
    plan = seeded.plans["tuyen_quang"]
    values = {
        year: targets_for(plan, "province", parse_period(str(year))).get("integration")
        for year in (2016, 2017, 2019, 2020)
    }
    assert values[2016] is None
    assert values[2017][0].value == 50
    assert values[2019][0].value == 50
    assert values[2020][0].value == 100


def test_training_targets_are_on_the_trainee_levels_each_plan_names(seeded):
    """Triệu Sơn: 70% of district and 50% of commune cadres; the ministry: 70% of provincial
    and 50% of district and commune cadres, counted by the trainees' level on every unit."""
    whole = parse_period("2021-2025")
    for level in ("district", "commune"):
        trieu_son = targets_for(seeded.plans["trieu_son"], level, whole)
        assert trieu_son["training_district"][0].value == 70
        assert trieu_son["training_commune"][0].value == 50
        assert "training" not in trieu_son
    national = targets_for(seeded.plans["national"], "country", whole)
    assert national["training_province"][0].value == 70
    assert national["training_district_commune"][0].value == 50
    assert "training" not in national


def test_a_target_without_a_figure_is_shown_as_not_set_and_never_judged(seeded):
    from indicators.targets import judged

    press = seeded.plans["hung_yen"].targets.get(indicator="press_district_radio")
    assert press.kind == "change"
    assert not judged(press)
    assert "chưa quy định" in press.describe()


def test_every_seed_plan_loads_its_computed_targets_with_their_kind(seeded):
    assert kinds(seeded.plans["dong_nai"]) == [
        ("communes", "", "each_period"),
        ("communes_regular", "", "each_period"),
        ("inspection", "", "each_period"),
        ("integration", "", "each_period"),
        ("press_provincial", "", "each_period"),
    ]
    assert ("inspection", "", "by_date") in kinds(seeded.plans["trieu_son"])
    assert ("students", "", "by_date") in kinds(seeded.plans["national"])


# --- manage.py plans --json (item 6) ---------------------------------------------------


def test_the_plans_command_prints_trieu_son_then_the_plan_it_implements(seeded):
    own, parent = plans_json("397")
    assert set(own) == {"number", "form", "issued_on", "parent", "period", "targets", "deadlines"}
    assert (own["number"], own["form"], own["issued_on"]) == (None, "plan", None)
    assert (own["parent"], own["period"]) == ("249/KH-UBND", "2021-2025")
    assert {"indicator": "inspection", "kind": "by_date", "value": 100, "until": "2025-12-31"} in (
        own["targets"]
    )
    assert {"indicator": "training_commune", "kind": "by_date", "value": 50,
            "until": "2025-12-31"} in own["targets"]  # fmt: skip
    assert {"indicator": "students_secondary_vocational", "kind": "by_date", "value": 70,
            "until": "2025-12-31"} in own["targets"]  # fmt: skip
    assert {"indicator": "press_district_radio", "kind": "change", "value": None} in (
        own["targets"]
    )
    assert {"report": "H1", "direction": "in", "due": "06-20"} in own["deadlines"]
    assert {"report": "Y", "direction": "out", "due": "12-25"} in own["deadlines"]
    assert {"report": "P", "direction": "in", "due": "2025-11-05"} in own["deadlines"]
    assert {"report": "ad_hoc", "direction": "in", "due": None} in own["deadlines"]
    assert parent == {
        "number": "249/KH-UBND",
        "form": "plan",
        "issued_on": "2021-11-17",
        "parent": None,
        "period": "2021-2025",
        "targets": [],
        "deadlines": [],
    }


def test_the_plans_command_prints_dong_nai_s_quarterly_dates_and_its_chain(seeded):
    own, parent = plans_json("75")
    assert own["parent"] == "1629/QĐ-TTg" and parent["number"] == "1629/QĐ-TTg"
    assert parent["form"] == "decision" and parent["issued_on"] == "2021-09-28"
    dues = {(d["report"], d["direction"], d["due"]) for d in own["deadlines"]}
    assert dues == {
        ("Q1", "in", "03-15"),
        ("Q2", "in", "06-15"),
        ("Q3", "in", "09-15"),
        ("Q4", "in", "12-15"),
        ("H1", "in", "06-15"),
        ("M9", "in", "09-15"),
        ("Y", "in", "12-15"),
    }
    assert {
        "indicator": "press_provincial",
        "kind": "each_period",
        "every": "month",
        "value": 100,
    } in own["targets"]
    assert not [t for t in own["targets"] if t["indicator"] == "press"]


def test_a_commune_of_trieu_son_gets_the_district_s_plan_first(seeded):
    plans = plans_json("15001")
    assert [p["parent"] for p in plans] == ["249/KH-UBND", None]


# --- the dashboard says which target and which plan (items 1, 5) -----------------------------


def card_text(html, code):
    import re

    match = re.search(
        rf'<article class="ind-card[^"]*" aria-labelledby="card-{code}-name">(.*?)</article>',
        html,
        re.S,
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1]))


@pytest.fixture
def national_officer(seeded, member, client):
    from places.models import Role

    user = member(seeded.tree.country, Role.COMMUNICATION_OFFICER, username="canbo_bo")
    client.force_login(user)
    return user


def test_the_dashboard_judges_a_year_against_the_yearly_target_and_says_so(
    client, national_officer
):
    html = client.get("/admin/indicators/?period=2024").text
    assert "≥ 20% (mỗi năm)" in card_text(html, "inspection")


def test_the_dashboard_judges_2021_2025_against_the_cumulative_target(client, national_officer):
    html = client.get("/admin/indicators/?period=2021-2025").text
    assert "≥ 100% (cộng dồn đến 31/12/2025)" in card_text(html, "inspection")


def test_six_months_are_not_judged_against_a_yearly_target(client, national_officer):
    text = card_text(client.get("/admin/indicators/?period=2024-H1").text, "inspection")
    assert "không có chỉ tiêu cho kỳ này" in text
    assert "Chưa đạt" not in text and "Đạt" not in text.replace("Chưa đạt", "")


def test_after_2025_the_dashboard_says_no_plan_applies_and_names_the_last(client, national_officer):
    html = client.get("/admin/indicators/?period=2026-H1").text
    assert "Không có kế hoạch nào áp dụng" in html
    assert "Quyết định số 808/QĐ-LĐTBXH ngày 05/09/2022 (2021–2025)" in html


def test_an_officer_starts_the_next_plan_by_copying_the_last(seeded, client, national_officer):
    from indicators.plans import copy_plan

    national = seeded.plans["national"]
    copy = copy_plan(national)
    assert (copy.first_year, copy.last_year, copy.document_number) == (2026, 2030, "")
    assert copy.issued_on is None and copy.parent is None
    cumulative = copy.targets.get(indicator="inspection", kind="by_date")
    assert cumulative.until == datetime.date(2030, 12, 31)
    assert copy.targets.count() == national.targets.count()
    assert plan_for(seeded.tree.country, parse_period("2026")) == copy


def test_the_copy_button_makes_the_next_plan_and_opens_it_for_editing(
    seeded, client, national_officer
):
    national = seeded.plans["national"]
    response = client.post(f"/admin/indicators/plans/{national.pk}/copy-next/")
    copy = Plan.objects.get(org_unit=national.org_unit, first_year=2026)
    assert response.status_code == 302
    assert response.url.endswith(f"/{copy.pk}/")


def test_after_2025_the_public_page_says_no_plan_applies_and_names_the_last(seeded, client):
    html = client.get("/vi/chi-tieu/VN/2026-H1/").text
    assert "Không có kế hoạch nào áp dụng" in html
    assert "Kế hoạch gần nhất là Quyết định số 808/QĐ-LĐTBXH ngày 05/09/2022" in html
