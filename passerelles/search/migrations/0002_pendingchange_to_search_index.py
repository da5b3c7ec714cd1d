from django.db import migrations


class Migration(migrations.Migration):
    """PendingChange moves to the search_index app: its table is renamed here, its state created there
    (search_index.0001_initial), so an existing database keeps its outbox rows."""

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("PendingChange", "search_index_pendingchange")],
            state_operations=[migrations.DeleteModel("PendingChange")],
        ),
    ]
