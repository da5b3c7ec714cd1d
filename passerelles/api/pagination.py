"""Cursor pagination of the API's long lists: pages follow a stable order on a unique key (the
primary key by default), so a row added or removed between two requests never shifts a page, and no
page costs an OFFSET. The cursor is opaque to clients: they follow the `next`/`previous` links."""

import base64
import binascii
import re
from typing import Any
from urllib import parse

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .problems import Problem

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
TOKEN = re.compile(r"^([np]):(\d{1,18})$")
BAD_CURSOR = "Le curseur de pagination est invalide : suivez les liens « next » et « previous » des réponses."


def encode(direction: str, position: int) -> str:
    return base64.urlsafe_b64encode(f"{direction}:{position}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[str, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    match = TOKEN.match(text)
    if not match:
        raise Problem(
            422, detail=BAD_CURSOR, errors=[{"loc": ["query", "cursor"], "msg": BAD_CURSOR, "type": "value_error"}]
        )
    return match.group(1), int(match.group(2))


class CursorPagination(PaginationBase):
    """Pages of `page_size` rows in the order of `key` (« -pk »: newest first)."""

    class Input(Schema):
        cursor: str | None = Field(
            None,
            max_length=100,
            description="Le curseur de la page voulue, tel que donné par le lien « next » ou « previous » "
            "d'une réponse. Absent : la première page.",
            examples=["bjo0Mg"],
        )
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Le nombre d'éléments par page ({DEFAULT_PAGE_SIZE} par défaut, {MAX_PAGE_SIZE} au plus).",
            examples=[DEFAULT_PAGE_SIZE],
        )

    class Output(Schema):
        """Une page d'une liste : ses éléments et les liens vers les pages voisines."""

        next: str | None = Field(
            description="L'adresse de la page suivante (absente sur la dernière page).",
            examples=["https://passerelles.example/api/v1/fiches?cursor=bjo0Mg"],
        )
        previous: str | None = Field(
            description="L'adresse de la page précédente (absente sur la première page).",
            examples=[None],
        )
        results: list[Any] = Field(description="Les éléments de la page.")

    items_attribute = "results"

    def __init__(self, *, key: str = "-pk", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.descending = key.startswith("-")
        self.field = key.lstrip("-")

    def paginate_queryset(self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        size = pagination.page_size or DEFAULT_PAGE_SIZE
        direction, position = decode(pagination.cursor) if pagination.cursor else ("n", None)
        # Walking forward in the list's order, or backward (then the page is read reversed).
        forward = direction == "n"
        ascending = forward != self.descending
        rows = queryset
        if position is not None:
            rows = rows.filter(**{f"{self.field}__{'gt' if ascending else 'lt'}": position})
        rows = list(rows.order_by(self.field if ascending else f"-{self.field}")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        first, last = (getattr(rows[0], self.field), getattr(rows[-1], self.field)) if rows else (None, None)
        has_next = more if forward else position is not None
        has_previous = (position is not None) if forward else more
        url = request.build_absolute_uri()
        return {
            "next": self._link(url, "n", last if rows else position) if has_next else None,
            "previous": self._link(url, "p", first if rows else position) if has_previous else None,
            "results": rows,
        }

    @staticmethod
    def _link(url: str, direction: str, position: Any) -> str | None:
        if position is None:
            return None
        scheme, netloc, path, query, fragment = parse.urlsplit(url)
        pairs = [(k, v) for k, v in parse.parse_qsl(query, keep_blank_values=True) if k != "cursor"]
        pairs.append(("cursor", encode(direction, position)))
        return parse.urlunsplit((scheme, netloc, path, parse.urlencode(pairs), fragment))
