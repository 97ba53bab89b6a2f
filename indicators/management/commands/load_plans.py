from django.core.management.base import BaseCommand

from indicators.plans import load_seed_plans


class Command(BaseCommand):
    help = "Load the seed plans, the documents they implement, targets and deadlines. Idempotent."

    def handle(self, *args, **options):
        loaded, skipped = load_seed_plans()
        self.stdout.write(f"Plans: {len(loaded)} loaded, {len(skipped)} skipped.")
        for name in skipped:
            self.stdout.write(
                f"  skipped (its unit is not loaded; run load_admin_units --with-legacy): {name}"
            )
