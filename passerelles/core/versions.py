"""Versions of the data a public page shows, keying its cached fragment (ADR 0002, core.fragments).

A version is read with one plain statement: for each watched table, its row count (deletions) and
the latest value of the columns that move on a change (`updated_at`…). Each process keeps what it
read for at most `PASSERELLES["VERSION_TTL_SECONDS"]` (1 s outside the tests) and forgets it at once
on a change made in this process (saves, deletions and many-to-many changes of the watched models):
other processes see a change within that time. Declare a version at module level, where the models
are imported (the signals are connected when it is made)."""

from collections.abc import Sequence

from django.conf import settings
from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save

from .kept import Kept


class DataVersion:
    def __init__(self, name: str, watched: Sequence[tuple[type[models.Model], Sequence[str]]]) -> None:
        self.name = name
        self.watched = watched
        self._kept = Kept(self.read, ttl=lambda: settings.PASSERELLES["VERSION_TTL_SECONDS"])
        self._changes = 0  # changes made in this process: they show even where no column moves
        self._connect()

    def get(self) -> str:
        return f"{self._changes}|{self._kept.get()}"

    def forget(self, **kwargs) -> None:
        self._changes += 1
        self._kept.forget()

    def read(self) -> str:
        quote = connection.ops.quote_name
        parts = []
        for model, columns in self.watched:
            table = quote(model._meta.db_table)
            parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 — our own table and column names
            parts += [f"(SELECT MAX({quote(column)}) FROM {table})" for column in columns]  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts))
            return "|".join(str(value) for value in cursor.fetchone())

    def _connect(self) -> None:
        """Forget the kept value on a change made in this process."""
        for model, _columns in self.watched:
            uid = f"data-version-{self.name}-{model._meta.label}"
            post_save.connect(self.forget, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(self.forget, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    self.forget, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}-{field.name}"
                )
