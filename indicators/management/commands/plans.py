import json

from django.core.management.base import BaseCommand, CommandError

from indicators.periods import InvalidPeriod, parse_period
from indicators.plans import plan_json, plans_applying
from indicators.services import UnknownUnit, find_unit
from places.models import OrgUnit


class Command(BaseCommand):
    help = (
        "The plans that apply to a unit: its own first, then each one it implements, "
        "with their targets and report deadlines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. 397 or 75")
        parser.add_argument(
            "--period", help="the plan covering this period (default: the most recent plan)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        try:
            period = parse_period(options["period"]) if options["period"] else None
            unit = find_unit(options["unit"], on=period.end if period else None)
            if period is None:
                # A code shared by a unit abolished in 2025 and its successor (Đồng Nai, 75):
                # the one that issued a plan.
                unit = (
                    OrgUnit.objects.filter(code=unit.code, plans__isnull=False)
                    .order_by("-valid_until")
                    .first()
                    or unit
                )
        except (InvalidPeriod, UnknownUnit) as error:
            raise CommandError(str(error)) from error
        plans = plans_applying(unit, period)
        if options["json"]:
            self.stdout.write(json.dumps([plan_json(p) for p in plans], ensure_ascii=False))
            return
        if not plans:
            self.stdout.write(f"{unit.name}: không có kế hoạch nào áp dụng.")
        for plan in plans:
            self.stdout.write(f"{plan} — {plan.name} ({plan.period_code})")
            if plan.is_stub:
                self.stdout.write("  (chỉ ghi số, ngày: chưa nhập nội dung)")
            for target in plan.targets.all():
                level = f" [{target.get_level_display()}]" if target.level else ""
                self.stdout.write(f"  {target.get_indicator_display()}{level}: {target.describe()}")
            for deadline in plan.deadlines.all():
                self.stdout.write(f"  {deadline}")
