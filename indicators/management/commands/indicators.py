import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators import services
from indicators.models import Plan
from indicators.periods import InvalidPeriod, parse_period


def _number(value):
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


class Command(BaseCommand):
    help = "Print every indicator of a unit for a period, against its plan's targets."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. 08 or 02269")
        parser.add_argument(
            "--period", required=True, help="2025-03, 2025-Q2, 2025-H1, 2025-M9, 2025, 2021-2025"
        )
        parser.add_argument("--plan", type=int, help="measure against this plan id")
        parser.add_argument("--json", action="store_true", help="print a JSON array")

    def handle(self, *args, unit, period, plan, **options):
        try:
            parsed = parse_period(period)
            org_unit = services.find_unit(unit, on=parsed.end)
        except (InvalidPeriod, services.UnknownUnit) as error:
            raise CommandError(str(error)) from error
        chosen_plan = None
        if plan is not None:
            chosen_plan = Plan.objects.filter(pk=plan).first()
            if chosen_plan is None:
                raise CommandError(_("Không có kế hoạch số %(id)s.") % {"id": plan})
        readings = services.readings(org_unit, parsed.code, plan=chosen_plan)
        if options["json"]:
            self.stdout.write(_json_dump([r.as_json() for r in readings]))
            return
        self._table(org_unit, parsed, readings)

    def _table(self, unit, period, readings):
        plan = next((r.target_plan for r in readings if r.target_plan), None)
        self.stdout.write(f"{unit.name} ({unit.code}) · {period.code}")
        if plan is None:
            self.stdout.write(_("Không có kế hoạch: số liệu không kèm chỉ tiêu."))
        for r in readings:
            if r.value is None:
                verdict = _("không có dữ liệu")
            elif r.met is None:
                verdict = _("chưa có chỉ tiêu")
            else:
                verdict = _("đạt") if r.met else _("chưa đạt")
            self.stdout.write(
                f"{r.code:<22} {_number(r.value):>6}%  "
                f"({_number(r.numerator)}/{_number(r.denominator)})  "
                f"{_('chỉ tiêu')} {_number(r.target)}%  {verdict}"
            )


def _json_dump(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
