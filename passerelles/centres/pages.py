"""Parts of a centre's page that come from the apps above the directory (its sessions, sheets,
publications, feeds and harvested catalogues): the directory cannot import them (ADR 0009), so the
layer that can declares them here, as the search declares its vocabulary to search_index."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Section = Callable[[HttpRequest, str], SafeString]

_sections: list[Section] = []


def add_section(section: Section) -> None:
    """`section(request, slug)` gives the HTML of a part of the page of the centre `slug`."""
    if section not in _sections:
        _sections.append(section)


def sections(request: HttpRequest, slug: str) -> SafeString:
    return format_html_join("", "{}", ((section(request, slug),) for section in _sections))
