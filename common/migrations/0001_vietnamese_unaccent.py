"""Page search with or without Vietnamese marks (common/search_backend.py).

PostgreSQL: the text search configuration ``vietnamese_unaccent``, ``simple`` (lowercase, no
stemming) after ``unaccent``, which drops marks and turns "đ" into "d": "Phòng, chống" and
"phong chong" give the same lexemes. SQLite needs no configuration: the backend folds the
text itself.

An index built before this (an existing ``make run`` database) is brought to the new form
here, so searching without marks works at once; ``manage.py update_index`` rebuilds it
exactly (field weights) at any time.
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


def refold_existing_index(apps, schema_editor):
    from common.search_backend import indexed_text

    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        table = IndexEntry._meta.db_table
        vector = f"to_tsvector('{CONFIG}', coalesce(%s, ''))"
        schema_editor.execute(
            f"UPDATE {table} SET title = setweight({vector % 'title_text'}, 'A'), "
            f"body = setweight({vector % 'body_text'}, 'D'), "
            f"autocomplete = setweight({vector % 'title_text'}, 'D')"
        )
    elif vendor == "sqlite":
        entries = IndexEntry.objects.only("title", "body", "autocomplete")
        for entry in entries.iterator():
            entry.title = indexed_text(entry.title or "")
            entry.body = indexed_text(entry.body or "")
            entry.autocomplete = indexed_text(entry.autocomplete or "")
            entry.save(update_fields=["title", "body", "autocomplete"])


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
        migrations.RunPython(refold_existing_index, migrations.RunPython.noop, elidable=True),
    ]
