"""The version of the directory: it changes whenever a centre, its perimeter, its facts or the
geography change (see centres.signals), and keys the cached pages (core.fragments).

It is read from the database, so every process sees a change; each process keeps what it read for
at most `PASSERELLES["VERSION_TTL_SECONDS"]` (1 s outside the tests), which saves a round trip per request on
PostgreSQL. A change made in this process forgets the kept value at once."""

from django.conf import settings
from django.db import connection

from passerelles.core.kept import Kept
from passerelles.territories.models import GeographyRelease

from ..models import Centre


def directory_version() -> str:
    return _version.get()


def forget_directory_version() -> None:
    _version.forget()


def read_directory_version() -> str:
    centres = connection.ops.quote_name(Centre._meta.db_table)
    release = connection.ops.quote_name(GeographyRelease._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {centres}), (SELECT MAX(updated_at) FROM {centres}), "  # noqa: S608
            f"(SELECT MAX(loaded_at) FROM {release})"
        )
        return "|".join(str(value) for value in cursor.fetchone())


_version = Kept(read_directory_version, ttl=lambda: settings.PASSERELLES["VERSION_TTL_SECONDS"])
