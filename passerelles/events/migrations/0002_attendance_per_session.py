# Attendance moves from the registration to one row per registration and session.

import django.db.models.deletion
from django.db import migrations, models


def attendance_to_rows(apps, schema_editor):
    """A registration to a session kept its attendance on itself: it becomes that session's row.
    A cycle registration had one flag for the whole cycle: it becomes a row in each of its sessions."""
    Registration = apps.get_model("events", "Registration")
    Attendance = apps.get_model("events", "Attendance")
    rows = []
    for registration in Registration.objects.filter(attended__isnull=False).select_related("cycle"):
        if registration.session_id:
            sessions = [registration.session_id]
        else:
            sessions = registration.cycle.sessions.values_list("pk", flat=True)
        rows += [
            Attendance(registration=registration, session_id=session, present=registration.attended,
                       certificate_sent_at=registration.certificate_sent_at)
            for session in sessions
        ]
    Attendance.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('present', models.BooleanField(verbose_name='présente')),
                ('certificate_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='attestation envoyée le')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='events.registration')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='events.session')),
            ],
            options={
                'verbose_name': 'présence',
                'verbose_name_plural': 'présences',
                'constraints': [models.UniqueConstraint(fields=('registration', 'session'), name='attendance_once_per_session')],
            },
        ),
        migrations.RunPython(attendance_to_rows, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='registration',
            name='attended',
        ),
        migrations.RemoveField(
            model_name='registration',
            name='certificate_sent_at',
        ),
    ]
