"""Rendered fragments of read-mostly pages, cached under a version of the data they show.

A page asks for its fragment with the current version of its data (one cheap query): the fragment
is rendered and stored on a miss, served from the cache on a hit. A change to the data changes the
version, so a stale fragment is never served, in any process: the version lives in the database.
Fragments hold no per-person content and no CSRF token.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class Fragment:
    title: str
    html: SafeString


def cached_fragment(
    name: str,
    version: object,
    vary: object,
    template: str,
    build_context: Callable[[], tuple[dict[str, Any], str]],
    request: HttpRequest,
) -> Fragment:
    """`build_context()` returns the template context and the page title; it runs on a miss only."""
    digest = hashlib.sha256(f"{name}|{version}|{vary}".encode()).hexdigest()[:32]
    key = f"fragment:{name}:{digest}"
    stored = cache.get(key)
    if stored is None:
        context, title = build_context()
        stored = (title, render_to_string(template, context, request))
        cache.set(key, stored, TIMEOUT)
    return Fragment(stored[0], mark_safe(stored[1]))  # noqa: S308 — our own rendered template


def fragment_page(request: HttpRequest, fragment: Fragment) -> HttpResponse:
    """A page made of the base template around one cached fragment."""
    return render(request, "core/fragment_page.html", {"fragment": fragment})
