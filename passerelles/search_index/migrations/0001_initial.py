from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and admin history of the moved model follow it (a fresh database has none yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="search_index", model="pendingchange").exists():
        ContentType.objects.filter(app_label="search", model="pendingchange").update(app_label="search_index")


class Migration(migrations.Migration):
    """The table comes from search (renamed by search.0002_pendingchange_to_search_index): only the state is created."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0002_pendingchange_to_search_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("type", models.CharField(max_length=40, verbose_name="type de contenu")),
                        ("object_id", models.CharField(max_length=40, verbose_name="identifiant")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                    ],
                    options={
                        "verbose_name": "changement à indexer",
                        "verbose_name_plural": "changements à indexer",
                        "ordering": ["pk"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
