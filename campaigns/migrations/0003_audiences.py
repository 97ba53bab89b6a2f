from django.db import migrations

CODES = ["students", "iz_workers", "establishment_workers", "community", "cadres"]


def make_audiences(apps, schema_editor):
    Audience = apps.get_model("campaigns", "Audience")
    for code in CODES:
        Audience.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_campaign_and_article_pages")]

    operations = [migrations.RunPython(make_audiences, migrations.RunPython.noop)]
