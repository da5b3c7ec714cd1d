# The revision of a session, for the SEQUENCE of its iCalendar event.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_attendance_per_session'),
    ]

    operations = [
        migrations.AddField(
            model_name='session',
            name='sequence',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='révision'),
        ),
    ]
