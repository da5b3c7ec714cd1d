"""The database in one file and back: SQLite through its online backup API, PostgreSQL through
pg_dump / pg_restore (custom format), with the connection settings of DATABASES."""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from pathlib import Path

from django.db import connections

from .errors import BackupError

ALIAS = "default"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


def engine() -> str:
    """The engine's short name, as the manifest records it: "sqlite" or "postgresql"."""
    vendor = connections[ALIAS].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"La sauvegarde ne sait pas traiter une base « {vendor} » (SQLite ou PostgreSQL seulement).")
    return vendor


def tables() -> list[str]:
    with connections[ALIAS].cursor() as cursor:
        return sorted(connections[ALIAS].introspection.table_names(cursor))


def dump(target: str | Path) -> None:
    """Write the whole database to `target` (a consistent copy, taken while the site runs)."""
    if engine() == "sqlite":
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        _run("pg_dump", "--format=custom", "--no-password", f"--file={target}", *_pg_connection())


def load(source: str | Path, archived_tables: Iterable[str]) -> None:
    """Replace the whole database with the copy in `source`; `archived_tables` are the tables it holds."""
    connections.close_all()
    if engine() == "sqlite":
        copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_path(), timeout=30)
        try:
            copy.backup(live)  # page by page into the live file, under its write lock
        finally:
            live.close()
            copy.close()
    else:
        _drop_tables_not_in(archived_tables)
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            *_pg_connection(dbname="--dbname"),
            str(source),
        )
    connections.close_all()


def _sqlite_path() -> str:
    return str(connections[ALIAS].settings_dict["NAME"])


def _drop_tables_not_in(archived_tables: Iterable[str]) -> None:
    """Tables made by migrations newer than the archive: `--clean` leaves them, and the migrations
    that follow the restore could not create them again."""
    extra = set(tables()) - set(archived_tables)
    if extra:
        connection = connections[ALIAS]
        with connection.cursor() as cursor:
            for name in sorted(extra):
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE")


def _pg_connection(dbname: str = "--dbname") -> list[str]:
    settings = connections[ALIAS].settings_dict
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args.append(f"{option}={settings[key]}")
    args.append(f"{dbname}={settings['NAME']}")
    return args


def _pg_env() -> dict[str, str]:
    settings = connections[ALIAS].settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    options = settings.get("OPTIONS", {})
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("service", "PGSERVICE")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def pg_binary(name: str) -> str:
    """The newest of Debian's /usr/lib/postgresql/<version>/bin, else PATH (pg_dump must not be
    older than the server)."""
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: _version(p.parts[-3]))
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} est introuvable : installez le client PostgreSQL (paquet Debian postgresql-client).")
    return found


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


def _run(program: str, *args: str) -> None:
    done = subprocess.run([pg_binary(program), *args], env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{program} a échoué (code {done.returncode}) : {done.stderr.strip()[-2000:]}")
