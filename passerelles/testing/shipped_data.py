"""The shipped reference data in the test database: the full geography, the directory of centres and
the thesaurus, loaded once per test database, then copied aside so that it is put back in a moment
after the tests that empty every table (SQLite: the whole database, by SQLite's backup; PostgreSQL:
each filled table, by COPY)."""

import sqlite3

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

# Written again by Django after each emptying of the tables (post_migrate), with new keys.
REWRITTEN_BY_DJANGO = {"contenttypes.contenttype", "auth.permission"}
_copy = {}


def load():
    """Load the data as `setup_site` does, then keep a copy of it."""
    from passerelles.centres.services.importer import import_centres
    from passerelles.territories.services.geography import load_geography
    from passerelles.thesaurus.services.skos import import_skos

    load_geography()
    import_centres()
    import_skos(settings.PASSERELLES["THESAURUS_FILE"].read_bytes())
    keep_copy()


def is_loaded():
    from passerelles.centres.models import Centre

    return Centre.objects.exists()


def keep_copy():
    _copy.clear()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _copy["sqlite"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_copy["sqlite"])
        return
    with connection.cursor() as cursor:
        for statement in _copy_statements():
            with cursor.cursor.copy(f"{statement} TO STDOUT") as copy:
                if data := b"".join(bytes(block) for block in copy):
                    _copy[statement] = data


def put_back():
    from django.contrib.contenttypes.models import ContentType

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _copy["sqlite"].backup(connection.connection)
        ContentType.objects.clear_cache()  # the keys of before the emptying are back
        return
    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys checked at commit
        for statement, data in _copy.items():
            with cursor.cursor.copy(f"{statement} FROM STDIN") as copy:
                copy.write(data)


def _copy_statements():
    """`COPY table (columns)` for each table of a model (names from model metadata, never input)."""
    quote = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower not in REWRITTEN_BY_DJANGO:
            columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
            yield f"COPY {quote(model._meta.db_table)} ({columns})"
