"""Server-side SVG charts: no JavaScript, no network, no inline styles.

The public site's CSP is ``style-src 'self'``, so nothing here writes a
``style`` attribute: colours are presentation attributes (``fill``,
``stroke``), which the static stylesheet may override through the classes.
Every chart is an ``img`` with a ``<title>`` and a ``<desc>`` that reads out
every value; pages also print the same figures as a table.
"""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.dashboard import MET, NO_TARGET, NOT_MET, percent

WIDTH, HEIGHT = 320, 170
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 14, 30
COLOURS = {MET: "#1d6b3a", NOT_MET: "#a8321f", NO_TARGET: "#4a5560"}
INK, GRID, TARGET = "#1d2327", "#d5dbe0", "#8a6100"


def _number(value) -> str:
    """SVG coordinates: plain decimals whatever the active language."""
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def _ceiling(values, target) -> Decimal:
    """The y axis goes to 100%, or higher when a value or the target does."""
    top = max([Decimal(100), *(Decimal(v) for v in values if v is not None)])
    if target is not None:
        top = max(top, Decimal(target))
    return ((top + 9) // 10) * 10


def _bar_status(value, target):
    if target is None:
        return NO_TARGET
    return MET if Decimal(value) >= Decimal(target) else NOT_MET


def trend_chart(points, *, target=None, title, chart_id) -> str:
    """A bar per point (month or year) with the target as a dashed line.

    ``points`` have ``code``, ``label``, ``value`` (None: no data) and
    ``future`` (not yet reached: drawn as an empty slot).
    """
    values = [p.value for p in points]
    ceiling = _ceiling(values, target)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    bar_w = max(min(slot * 0.62, 36), 3)

    def y(value):
        return TOP + plot_h - float(Decimal(value) / ceiling) * plot_h

    parts = []
    for tick in sorted({Decimal(0), Decimal(50), Decimal(100), ceiling}):
        parts.append(
            format_html(
                '<line class="ind-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                'stroke-width="1"/>'
                '<text class="ind-chart__tick" x="{}" y="{}" text-anchor="end" font-size="9" '
                'fill="{}">{}%</text>',
                LEFT,
                WIDTH - RIGHT,
                _number(y(tick)),
                _number(y(tick)),
                GRID,
                LEFT - 4,
                _number(y(tick) + 3),
                INK,
                _number(tick),
            )
        )
    show_values = len(points) <= 8
    label_every = 1 if len(points) <= 12 else 2
    for index, point in enumerate(points):
        centre = LEFT + slot * index + slot / 2
        if index % label_every == 0 or index == len(points) - 1:
            parts.append(
                format_html(
                    '<text class="ind-chart__label" x="{}" y="{}" text-anchor="middle" '
                    'font-size="9" fill="{}">{}</text>',
                    _number(centre),
                    HEIGHT - BOTTOM + 12,
                    INK,
                    point.short_label,
                )
            )
        if point.future:
            continue
        if point.value is None:
            parts.append(
                format_html(
                    '<text class="ind-chart__none" x="{}" y="{}" text-anchor="middle" '
                    'font-size="9" fill="{}">–</text>',
                    _number(centre),
                    _number(y(0) - 3),
                    INK,
                )
            )
            continue
        status = _bar_status(point.value, target)
        top = y(point.value)
        parts.append(
            format_html(
                '<rect class="ind-chart__bar ind-chart__bar--{}" x="{}" y="{}" width="{}" '
                'height="{}" fill="{}"/>',
                status.replace("_", "-"),
                _number(centre - bar_w / 2),
                _number(top),
                _number(bar_w),
                _number(max(y(0) - top, 0)),
                COLOURS[status],
            )
        )
        if show_values:
            parts.append(
                format_html(
                    '<text class="ind-chart__value" x="{}" y="{}" text-anchor="middle" '
                    'font-size="9" fill="{}">{}</text>',
                    _number(centre),
                    _number(top - 3),
                    INK,
                    percent(point.value),
                )
            )
    if target is not None:
        parts.append(
            format_html(
                '<line class="ind-chart__target" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="5 3"/>'
                '<text class="ind-chart__target-label" x="{}" y="{}" text-anchor="end" '
                'font-size="9" fill="{}">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _number(y(target)),
                _number(y(target)),
                TARGET,
                WIDTH - RIGHT,
                _number(y(target) - 3),
                TARGET,
                _("chỉ tiêu %(value)s") % {"value": percent(target)},
            )
        )
    return format_html(
        '<svg class="ind-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(points, target),
        mark_safe("".join(parts)),  # noqa: S308 (every part went through format_html)
    )


def describe(points, target=None) -> str:
    """Every value of the chart in words, for screen readers (the ``<desc>``)."""
    readings = format_html_join(
        "; ",
        "{}: {}",
        (
            (
                point.label,
                _("chưa tới")
                if point.future
                else _("không có dữ liệu")
                if point.value is None
                else percent(point.value),
            )
            for point in points
        ),
    )
    if target is None:
        return format_html("{}. {}", readings, _("Chưa có chỉ tiêu."))
    return format_html("{}. {}", readings, _("Chỉ tiêu: %(value)s.") % {"value": percent(target)})
