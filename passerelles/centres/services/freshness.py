"""The version of the directory: it changes whenever a centre, its perimeter, its facts or the
geography change. Read with one plain query, so that cached pages can be checked cheaply."""

from django.db import connection

from passerelles.territories.models import GeographyRelease

from ..models import Centre


def directory_version():
    centres = connection.ops.quote_name(Centre._meta.db_table)
    release = connection.ops.quote_name(GeographyRelease._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {centres}), (SELECT MAX(updated_at) FROM {centres}), "  # noqa: S608
            f"(SELECT MAX(loaded_at) FROM {release})"
        )
        return "|".join(str(value) for value in cursor.fetchone())
