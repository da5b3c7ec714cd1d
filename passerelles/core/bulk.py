"""Writing many plain rows at once, without building model instances: COPY on PostgreSQL, multi-row
INSERTs elsewhere. For 100,000 rows, several times cheaper than bulk_create."""

from collections.abc import Iterable, Iterator, Sequence

from django.db import connection


def chunks(items: Sequence, size: int = 500) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert `rows` (tuples in the order of `columns`) into `table`, in the caller's transaction."""
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    # Table and column names come from model metadata, never from input; values are parameters.
    target = f"{quote(table)} ({', '.join(quote(c) for c in columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        size = max(1, 900 // len(columns))  # stays under SQLite's 999 parameters on old builds
        for chunk in chunks(rows, size):
            cursor.execute(
                f"INSERT INTO {target} VALUES " + ", ".join([placeholders] * len(chunk)),  # noqa: S608
                [value for row in chunk for value in row],
            )
