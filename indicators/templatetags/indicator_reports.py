"""Template tags of periodic reports, for pages that only have a unit and a period at hand."""

from django import template

from indicators.periods import Period
from indicators.reports import access, deadlines

register = template.Library()


@register.simple_tag(takes_context=True)
def reporting_status(context, unit, period):
    """``{% reporting_status unit period as status %}``: who under ``unit`` has reported.

    None when there is nothing to show: no unit, or a user who may not read reports.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if unit is None or period is None or user is None or not access.may_read_reports(user):
        return None
    code = period.code if isinstance(period, Period) else str(period)
    try:
        return deadlines.reporting_status(unit, code)
    except ValueError:  # not a period code
        return None
