"""Each seed target on the indicator variant its plan names, and where officers see it."""

import datetime

import pytest

from indicators.models import Target
from indicators.plans import load_seed_plans
from places.models import Role
from tests.indicators import test_plans, test_reports
from tests.indicators.test_plans import card_text
from tests.indicators.test_reports import REPORT_PERMISSIONS, generated, rows, workbook

# The fixtures of the plans' and the reports' tests.
seeded = test_plans.seeded
officer = test_reports.officer

pytestmark = pytest.mark.django_db

END_2025 = datetime.date(2025, 12, 31)


def loaded(plan):
    """(indicator, level, kind, every, value, until or year) of each target, sorted."""
    return sorted(
        (
            t.indicator,
            t.level,
            t.kind,
            t.every,
            None if t.value is None else int(t.value),
            t.until or t.year,
        )
        for t in plan.targets.all()
    )


def test_every_seed_target_is_on_the_indicator_its_plan_names(seeded):
    """The whole list the closing note gives, seed by seed."""
    month, year = "month", "year"
    assert loaded(seeded.plans["national"]) == [
        ("communes", "", "each_period", year, 70, None),
        ("communes_regular", "", "each_period", year, 70, None),
        ("establishment_workers", "", "by_date", "", 70, END_2025),
        ("inspection", "", "by_date", "", 100, END_2025),
        ("inspection", "", "each_period", year, 20, None),
        ("integration", "", "each_period", year, 50, None),
        ("iz_workers", "", "by_date", "", 60, END_2025),
        ("plans", "", "each_period", year, 100, None),
        ("press", "", "each_period", month, 100, None),
        ("press_grassroots", "", "each_period", month, 100, None),
        ("students", "", "by_date", "", 70, END_2025),
        ("training_district_commune", "", "by_date", "", 50, END_2025),
        ("training_province", "", "by_date", "", 70, END_2025),
    ]
    assert loaded(seeded.plans["hung_yen"]) == [
        ("communes", "", "each_period", year, 90, None),
        ("communes_regular", "", "each_period", year, 90, None),
        ("establishment_workers", "", "by_date", "", 80, END_2025),
        ("inspection", "", "by_date", "", 100, END_2025),
        ("inspection", "", "each_period", year, 50, None),
        ("integration", "", "each_period", year, 100, None),
        ("iz_workers", "", "by_date", "", 70, END_2025),
        ("plans", "", "each_period", year, 100, None),
        ("press_district_radio", "", "change", "", None, None),
        ("press_provincial", "", "change", "", None, None),
        ("students", "", "by_date", "", 80, END_2025),
    ]
    assert loaded(seeded.plans["dong_nai"]) == [
        ("communes", "", "each_period", year, 100, None),
        ("communes_regular", "", "each_period", year, 100, None),
        ("inspection", "", "each_period", "", None, None),
        ("integration", "", "each_period", year, 100, None),
        ("press_provincial", "", "each_period", month, 100, None),
    ]
    assert loaded(seeded.plans["trieu_son"]) == [
        ("communes", "", "each_period", year, 80, None),
        ("communes_regular", "", "each_period", year, 80, None),
        ("establishment_workers", "", "by_date", "", 70, END_2025),
        ("inspection", "", "by_date", "", 100, END_2025),
        ("inspection", "", "each_period", year, 20, None),
        ("integration", "", "each_period", year, 60, None),
        ("iz_workers", "", "by_date", "", 60, END_2025),
        ("plans", "", "each_period", year, 100, None),
        ("press_district_radio", "", "change", "", None, None),
        ("press_grassroots", "", "change", "", None, None),
        ("students_secondary_vocational", "", "by_date", "", 70, END_2025),
        ("training_commune", "", "by_date", "", 50, END_2025),
        ("training_district", "", "by_date", "", 70, END_2025),
    ]
    assert loaded(seeded.plans["tuyen_quang"]) == [
        ("communes", "", "each_period", year, 100, None),
        ("communes_regular", "", "each_period", year, 100, None),
        ("integration", "", "staged", "", 50, 2017),
        ("integration", "", "staged", "", 100, 2020),
        ("training", "", "by_date", "", 100, datetime.date(2020, 12, 31)),
    ]


def test_a_reload_moves_targets_loaded_on_the_generic_indicators(seeded):
    """A database loaded before the variants existed is corrected in place by ``load_plans``."""
    national, dong_nai = seeded.plans["national"], seeded.plans["dong_nai"]
    trieu_son = seeded.plans["trieu_son"]
    Target.objects.filter(plan__in=[national, dong_nai, trieu_son]).filter(
        indicator__in=[
            "press_provincial",
            "press_district_radio",
            "press_grassroots",
            "students_secondary_vocational",
            "training_province",
            "training_district_commune",
            "training_district",
            "training_commune",
        ]
    ).delete()
    generic = dict(kind="by_date", until=END_2025)
    Target.objects.bulk_create(
        [
            Target(plan=national, indicator="training", level="province", value=70, **generic),
            Target(plan=national, indicator="training", level="district", value=50, **generic),
            Target(plan=national, indicator="training", level="commune", value=50, **generic),
            Target(plan=dong_nai, indicator="press", kind="each_period", every="month", value=100),
            Target(plan=trieu_son, indicator="press", kind="change"),
            Target(plan=trieu_son, indicator="students", value=70, **generic),
            Target(plan=trieu_son, indicator="training", level="district", value=70, **generic),
            Target(plan=trieu_son, indicator="training", level="commune", value=50, **generic),
        ]
    )
    load_seed_plans()
    load_seed_plans()
    assert ("press_provincial", "", "each_period", "month", 100, None) in loaded(dong_nai)
    assert not dong_nai.targets.filter(indicator="press").exists()
    assert not trieu_son.targets.filter(indicator__in=["press", "students", "training"]).exists()
    assert not national.targets.filter(indicator="training").exists()
    assert national.targets.filter(indicator="training_province", value=70).count() == 1
    assert trieu_son.targets.filter(indicator="training_district", value=70).count() == 1


def test_a_generic_target_an_officer_changed_is_kept_on_reload(seeded):
    plan = seeded.plans["dong_nai"]
    Target.objects.create(plan=plan, indicator="press", kind="each_period", every="month", value=90)
    load_seed_plans()
    assert plan.targets.filter(indicator="press", value=90).exists()


# --- what the dashboard, the public page and the six-month report show for 2021–2025 -------

# For each unit: (indicator, what its card or report line says of the target).
CUMULATIVE = "(cộng dồn đến 31/12/2025)"
SHOWN = {
    "country": [
        ("press", "≥ 100% (mỗi tháng)"),
        ("press_grassroots", "≥ 100% (mỗi tháng)"),
        ("training_province", f"≥ 70% {CUMULATIVE}"),
        ("training_district_commune", f"≥ 50% {CUMULATIVE}"),
        ("students", f"≥ 70% {CUMULATIVE}"),
        ("training", None),
        ("press_provincial", None),
        ("students_secondary_vocational", None),
    ],
    "dong_nai": [
        ("press_provincial", "≥ 100% (mỗi tháng)"),
        ("press", None),
        ("students", None),
        ("training_province", None),
    ],
    "trieu_son": [
        ("students_secondary_vocational", f"≥ 70% {CUMULATIVE}"),
        ("training_district", f"≥ 70% {CUMULATIVE}"),
        ("training_commune", f"≥ 50% {CUMULATIVE}"),
        ("establishment_workers", f"≥ 70% {CUMULATIVE}"),
        ("students", None),
        ("training", None),
        ("training_district_commune", None),
        ("press", None),
    ],
}
NONE = "chưa có chỉ tiêu"


def unit_of(seeded, key):
    return seeded.tree.country if key == "country" else getattr(seeded, key)


@pytest.mark.parametrize("key", SHOWN)
def test_the_dashboard_shows_each_plan_s_targets_for_2021_2025(seeded, member, client, key):
    unit = unit_of(seeded, key)
    client.force_login(member(unit, Role.COMMUNICATION_OFFICER))
    html = client.get("/admin/indicators/?period=2021-2025").text
    for code, said in SHOWN[key]:
        assert (said or NONE) in card_text(html, code), code


@pytest.mark.parametrize("key", SHOWN)
def test_the_public_page_shows_each_plan_s_targets_for_2021_2025(seeded, client, key):
    from indicators.views import public_url

    html = client.get(public_url(unit_of(seeded, key), "2021-2025")).text
    for code, said in SHOWN[key]:
        assert (said or NONE) in card_text(html, code), code


# A six-month report judges the monthly press targets and names the cumulative ones as the
# plan's targets for 2021–2025 that do not apply to six months.
ELSEWHERE = "Không có chỉ tiêu cho kỳ này; kế hoạch đặt: "


@pytest.mark.parametrize("key", SHOWN)
def test_the_six_month_report_shows_each_plan_s_targets(seeded, officer, key):
    unit = unit_of(seeded, key)
    report = generated(unit, officer(unit, REPORT_PERMISSIONS), "2025-H1")
    readings = {r["code"]: r for r in report.snapshot["readings"]}
    sheet = {row[1]: " ".join(str(v) for v in row if v is not None) for row in rows(
        workbook(report).worksheets[0]
    )}  # fmt: skip
    for code, said in SHOWN[key]:
        reading = readings[code]
        if said is None:
            assert (reading["target_rule"], reading["target_elsewhere"]) == ("", ""), code
        elif "mỗi tháng" in said:
            assert reading["target_rule"] == said, code
            assert said in sheet[code], code
        else:
            assert reading["target_rule"] == "", code
            assert said in reading["target_elsewhere"], code
            assert ELSEWHERE + reading["target_elsewhere"] in sheet[code], code
