from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Đơn vị hành chính")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from places import freshness
        from places.models import PopulationBaseline, Venue

        # An edit in the admin; imports write in bulk and report their own changes.
        freshness.connect_model(Venue, lambda venue: [venue.org_unit_id])
        freshness.connect_model(
            PopulationBaseline,
            lambda baseline: [
                Venue.objects.filter(pk=baseline.venue_id)
                .values_list("org_unit", flat=True)
                .first()
            ],
        )
