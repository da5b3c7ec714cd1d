"""Pages of long lists whose far pages must cost about what the first one does."""

from django.core.paginator import Page, Paginator


class KeysFirstPaginator(Paginator):
    """Django's Paginator over an ordered queryset, whose page reads the page's primary keys first
    (the offset then walks the ordering's index only, not the rows and their joins), then its rows."""

    def page(self, number) -> Page:
        page = super().page(number)
        keys = list(page.object_list.values_list("pk", flat=True))
        rows = self.object_list.order_by().in_bulk(keys)
        page.object_list = [rows[key] for key in keys if key in rows]
        return page
