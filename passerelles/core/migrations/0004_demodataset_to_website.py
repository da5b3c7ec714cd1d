from django.db import migrations


class Migration(migrations.Migration):
    """DemoDataset moves to the website app: its table is renamed here, its state created there
    (website.0001_initial), so an existing database keeps its rows."""

    dependencies = [
        ("core", "0003_throttle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("DemoDataset", "website_demodataset")],
            state_operations=[migrations.DeleteModel("DemoDataset")],
        ),
    ]
