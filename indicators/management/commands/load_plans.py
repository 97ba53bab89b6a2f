from django.core.management.base import BaseCommand
from django.db import transaction

from indicators.models import Plan, Target
from indicators.seed_plans import PLANS
from places.models import OrgUnit


class Command(BaseCommand):
    help = "Load the five plans of shared/seeds and their targets. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        loaded, skipped = {}, []
        for spec in PLANS:
            unit = (
                OrgUnit.objects.filter(code=spec["unit_code"])
                .valid_on(spec["issued_on"])
                .order_by("-valid_until")
                .first()
            )
            if unit is None:
                skipped.append(spec["name"])
                continue
            plan, _created = Plan.objects.update_or_create(
                org_unit=unit,
                document_number=spec["document_number"],
                first_year=spec["first_year"],
                defaults={
                    "name": spec["name"],
                    "issued_on": spec["issued_on"],
                    "level": unit.level,
                    "last_year": spec["last_year"],
                    "parent": loaded.get(spec["parent"]),
                    "report_deadlines": spec["report_deadlines"],
                },
            )
            for indicator, level, value, wording in spec["targets"]:
                # Officers edit targets in the admin; a reload keeps their values.
                Target.objects.get_or_create(
                    plan=plan,
                    indicator=indicator,
                    level=level,
                    defaults={"value": value, "wording": wording},
                )
            loaded[spec["key"]] = plan
        self.stdout.write(f"Plans: {len(loaded)} loaded, {len(skipped)} skipped.")
        for name in skipped:
            self.stdout.write(
                f"  skipped (its unit is not loaded; run load_admin_units --with-legacy): {name}"
            )
