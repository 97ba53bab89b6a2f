"""The server-side SVG trend charts: valid SVG, accessible, no inline style, no network."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from indicators.charts import trend_chart
from indicators.dashboard import Point

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 (the chart module's own output, not outside input)


def chart(values=(Decimal("40.0"), None, Decimal("75.5")), target=Decimal(70), future=()):
    points = [
        Point(code=f"2025-0{month}", value=value, future=month in future)
        for month, value in enumerate(values, start=1)
    ]
    return trend_chart(points, target=target, title="Học sinh theo tháng", chart_id="chart-x")


def test_a_trend_chart_is_well_formed_svg():
    root = parse(chart())
    assert root.tag == f"{SVG}svg"


def test_a_trend_chart_has_no_inline_style_for_the_strict_csp():
    assert "style=" not in chart()


def test_a_trend_chart_loads_nothing_from_anywhere():
    svg = chart()
    assert "href" not in svg
    assert "<script" not in svg


def test_a_trend_chart_is_an_image_named_by_its_title_and_description():
    root = parse(chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-x-title chart-x-desc"
    assert root.find(f"{SVG}title").text == "Học sinh theo tháng"


def test_a_trend_charts_description_reads_out_every_value_and_the_target():
    description = parse(chart()).find(f"{SVG}desc").text
    assert "01/2025: 40,0%" in description
    assert "02/2025: không có dữ liệu" in description
    assert "03/2025: 75,5%" in description
    assert "Chỉ tiêu: 70,0%" in description


def test_a_bar_below_the_target_is_marked_not_met_and_one_above_met():
    bars = parse(chart()).findall(f"{SVG}rect")
    assert [bar.get("class") for bar in bars] == [
        "ind-chart__bar ind-chart__bar--not-met",
        "ind-chart__bar ind-chart__bar--met",
    ]


def test_a_month_not_yet_reached_has_no_bar():
    svg = chart(values=(Decimal(10), Decimal(20), None), future=(3,))
    assert len(parse(svg).findall(f"{SVG}rect")) == 2
    assert "03/2025: chưa tới" in svg


def test_a_chart_without_a_target_says_so_and_draws_no_target_line():
    svg = chart(target=None)
    assert "ind-chart__target" not in svg
    assert "Chưa có chỉ tiêu." in svg


def test_a_title_with_markup_is_escaped():
    points = [Point(code="2025-01", value=Decimal(5))]
    svg = trend_chart(points, target=None, title="<b>x</b>", chart_id="c")
    assert "<b>" not in svg
    parse(svg)
