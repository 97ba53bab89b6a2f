"""Which of a plan's targets applies to the period shown, and how it is judged and said.

A target has a kind (``indicators.models.TargetKind``):

- ``each_period``: judged on every period of its length (``every``): a yearly
  target on a year, never on a quarter or six months; a monthly one (the press:
  "at least once a month") on any period, since every period is whole months;
  blank ``every``: on any period.
- ``by_date``: a cumulative figure due by ``until``: judged on the reading that
  runs from the plan's first year to that date (2021–2025 for 31/12/2025).
- ``staged``: values by year: on a year reading, the latest stage reached
  (Tuyên Quang: 50% from 2017, 100% in 2020).
- ``count`` and ``range``: a number, or ``low``–``high``, over the plan's period.
- ``change``: a yearly change of ``low``–``high`` percent, on a year reading;
  not judged by the platform (it needs the previous year's figure and rule).

A target without a figure (``value`` empty) records the plan's words; it is
shown, never judged.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

PERCENT_KINDS = ("each_period", "by_date", "staged")


def _number(value):
    if value is None:
        return "—"
    value = Decimal(value)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def figure_text(target) -> str:
    """The figure alone: "≥ 70%", "100–150", "+3–5%", or "not set in the plan"."""
    if target.kind == "range" or (target.kind == "change" and target.low is not None):
        if target.low is None and target.high is None:
            return _("chưa quy định mức trong kế hoạch")
        unit = "%" if target.kind == "change" else ""
        return f"{_number(target.low)}–{_number(target.high)}{unit}"
    if target.value is None:
        return _("chưa quy định mức trong kế hoạch")
    if target.kind == "count":
        return _number(target.value)
    return f"≥ {_number(target.value)}%"


def when_text(target) -> str:
    """For which periods the target holds, in words."""
    kind = target.kind
    if kind == "each_period":
        return {
            "month": _("mỗi tháng"),
            "quarter": _("mỗi quý"),
            "half": _("mỗi 6 tháng"),
            "year": _("mỗi năm"),
        }.get(target.every, _("mỗi kỳ"))
    if kind == "by_date":
        if target.until is None:
            return _("cộng dồn cả giai đoạn")
        return _("cộng dồn đến %(date)s") % {"date": target.until.strftime("%d/%m/%Y")}
    if kind == "staged":
        return _("mốc năm %(year)s") % {"year": target.year}
    if kind == "change":
        return _("mỗi năm so với năm trước")
    if target.until:
        return _("đến %(date)s") % {"date": target.until.strftime("%d/%m/%Y")}
    if target.year:
        return _("năm %(year)s") % {"year": target.year}
    return _("cả giai đoạn")


def describe(target) -> str:
    return f"{figure_text(target)} ({when_text(target)})"


def _cumulative_period_of(target, plan):
    """The (first year, last day) a by_date, count or range target is read over."""
    import datetime

    last = target.until or datetime.date(target.year or plan.last_year, 12, 31)
    return plan.first_year, last


def applies(target, plan, period, stages=()) -> bool:
    """Whether ``target`` is the one to judge ``period`` against (see the module docstring)."""
    kind = target.kind
    if kind == "each_period":
        if not (plan.first_year <= period.start.year and period.end.year <= plan.last_year):
            return False
        return target.every in ("", "month") or period.kind == target.every
    if kind in ("by_date", "count", "range"):
        first, last = _cumulative_period_of(target, plan)
        return period.kind == "plan" and period.start.year == first and period.end == last
    if kind == "staged":
        if period.kind != "year" or target.year is None:
            return False
        reached = [year for year in stages if year is not None and year <= period.start.year]
        return bool(reached) and max(reached) == target.year and period.end.year <= plan.last_year
    if kind == "change":
        return period.kind == "year" and plan.first_year <= period.start.year <= plan.last_year
    return False


def judged(target) -> bool:
    """Whether the platform judges a figure against this target (it has a figure to meet)."""
    if target.kind == "change":
        return False
    if target.kind == "range":
        return target.low is not None
    return target.value is not None


def met(target, value) -> bool | None:
    """True or False when judged; None when there is no figure or no target to judge."""
    if value is None or target is None or not judged(target):
        return None
    value = Decimal(value)
    if target.kind == "range":
        return value >= Decimal(target.low)  # above the range's top is not a shortfall
    return value >= Decimal(target.value)


def threshold(target):
    """The number a figure must reach, for sorting and shortfalls; None when not judged."""
    if target is None or not judged(target):
        return None
    return target.low if target.kind == "range" else target.value


def pick(targets_by_plan, level, period):
    """{indicator: (target, plan)} of the targets that apply to ``period`` for a unit of ``level``.

    ``targets_by_plan``: [(plan, [targets])] from the unit's own plan up its chain.
    The nearest plan wins; within a plan, a target set for the unit's level wins
    over one for every level.
    """
    found = {}
    for plan, targets in targets_by_plan:
        stages = {}
        for target in targets:
            if target.kind == "staged":
                stages.setdefault((target.indicator, target.level), []).append(target.year)
        candidates = [t for t in targets if t.level in (level, "")]
        candidates.sort(key=lambda t: t.level != level)
        for target in candidates:
            if target.indicator in found:
                continue
            if applies(target, plan, period, stages.get((target.indicator, target.level), ())):
                found[target.indicator] = (target, plan)
    return found


def others(targets_by_plan, level, indicator, applied):
    """The targets a plan sets for an indicator that do not apply to the period shown."""
    out = []
    for _plan, targets in targets_by_plan:
        for target in targets:
            if (
                target.indicator == indicator
                and target.level in (level, "")
                and target is not applied
            ):
                out.append(target)
        if out:
            break
    return out
