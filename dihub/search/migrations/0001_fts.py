from django.db import migrations


def create(apps, schema_editor):
    from dihub.search import fts

    with schema_editor.connection.cursor() as cursor:
        fts.backend(schema_editor.connection).create(cursor)


def drop(apps, schema_editor):
    from dihub.search import fts

    with schema_editor.connection.cursor() as cursor:
        fts.backend(schema_editor.connection).drop(cursor)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_hub_public_order")]
    operations = [migrations.RunPython(create, drop)]
