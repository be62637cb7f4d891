from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0002_stems")]
    operations = [
        migrations.CreateModel("Generation", [
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                       verbose_name="ID")),
            ("value", models.BigIntegerField(default=0)),
            ("stamp", models.CharField(default="", max_length=32)),
        ]),
        migrations.CreateModel("Change", [
            ("generation", models.BigIntegerField(primary_key=True, serialize=False)),
            ("stamp", models.CharField(max_length=32)),
            ("hub_ids", models.JSONField(default=list)),
        ]),
    ]
