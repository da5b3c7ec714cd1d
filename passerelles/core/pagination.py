"""Pages of long lists whose far pages must cost about what the first one does."""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator


class KeysFirstPaginator(Paginator):
    """Django's Paginator over the ordered primary keys of a list (a flat values_list): the offset
    walks an index alone, not the rows and their joins. `rows(keys)` then reads the page's rows
    ({key: row}), in one query by key."""

    def __init__(self, keys, per_page, *, rows: Callable[[Sequence[Any]], dict[Any, Any]], **kwargs):
        super().__init__(keys, per_page, **kwargs)
        self.rows = rows

    def page(self, number) -> Page:
        page = super().page(number)
        keys = list(page.object_list)
        rows = self.rows(keys)
        page.object_list = [rows[key] for key in keys if key in rows]
        return page
