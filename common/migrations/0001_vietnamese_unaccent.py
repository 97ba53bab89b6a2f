"""PostgreSQL: the text search configuration ``vietnamese_unaccent`` that page search uses.

``simple`` (lowercase, no stemming) after ``unaccent``, which drops marks and turns "đ" into
"d": "Phòng, chống" and "phong chong" give the same lexemes. Nothing to do on SQLite, where
``common.search_backend`` folds the text itself.
"""

from django.db import migrations

CONFIG = "vietnamese_unaccent"
CREATE = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part,
                numword, numhword, hword_numpart
            WITH unaccent, simple;
    END IF;
END
$$;
"""
DROP = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
