from django.db import migrations


def rebuild(apps, schema_editor):
    """The index gets a column (SQLite) or lexemes (PostgreSQL) of stems per language."""
    from dihub.search import fts, index

    with schema_editor.connection.cursor() as cursor:
        engine = fts.backend(schema_editor.connection)
        engine.drop(cursor)
        engine.create(cursor)
    if apps.get_model("catalogue", "Hub").objects.exists():
        index.reindex()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_fts"), ("catalogue", "0007_hub_languages"),
                    ("taxonomy", "0002_term_i18n")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
