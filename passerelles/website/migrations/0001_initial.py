from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and admin history of the moved model follow it (a fresh database has none yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="website", model="demodataset").exists():
        ContentType.objects.filter(app_label="core", model="demodataset").update(app_label="website")


class Migration(migrations.Migration):
    """The table comes from core (renamed by core.0004_demodataset_to_website): only the state is created."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_demodataset_to_website"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemoDataset",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="nom")),
                        ("loaded_at", models.DateTimeField(auto_now_add=True, verbose_name="chargé le")),
                    ],
                    options={
                        "verbose_name": "jeu de données de démonstration",
                        "verbose_name_plural": "jeux de données de démonstration",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
