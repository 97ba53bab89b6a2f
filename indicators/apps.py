import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ tiêu")

    def ready(self):
        from events import follow_ups
        from indicators import freshness, services
        from indicators.models import Plan, Target, UnitYear
        from places import freshness as inputs

        follow_ups.register(follow_ups.INDICATOR_REFRESH, services.note_change)
        inputs.register(freshness.note_inputs_changed)
        # A unit's yearly facts move its own figures and its parent's (plans, integration).
        inputs.connect_model(
            UnitYear,
            lambda fact: [fact.org_unit_id],
            lambda fact: (datetime.date(fact.year, 1, 1), datetime.date(fact.year, 12, 31)),
        )
        # A plan or a target moves the figures of the plan's unit and every unit below it.
        inputs.connect_model(
            Plan,
            lambda plan: [plan.org_unit_id],
            lambda plan: plan_span(plan),
            below=True,
        )
        inputs.connect_model(
            Target,
            lambda target: [
                Plan.objects.filter(pk=target.plan_id).values_list("org_unit", flat=True).first()
            ],
            lambda target: plan_span(Plan.objects.filter(pk=target.plan_id).first()),
            below=True,
        )


def plan_span(plan):
    """The dates a plan covers, or every date when it gives no years."""
    if plan is None or not plan.first_year or not plan.last_year:
        return None, None
    return datetime.date(plan.first_year, 1, 1), datetime.date(plan.last_year, 12, 31)
