"""Folded names now treat any punctuation (typographic apostrophes included) as a space: names
stored before, such as imported quartiers with a « ’ », are folded again. Shipped COG names fold
as before; only the rows that change are written."""

from django.db import migrations

from passerelles.territories.text import fold


def refold(apps, schema_editor):
    Territory = apps.get_model("territories", "Territory")
    changed = []
    for territory in Territory.objects.only("pk", "name", "search_name").iterator(chunk_size=2000):
        if territory.search_name != (folded := fold(territory.name)):
            territory.search_name = folded
            changed.append(territory)
    Territory.objects.bulk_update(changed, ["search_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
