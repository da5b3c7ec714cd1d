"""Rendered fragments of read-mostly pages, cached under a version of the data they show.

A page asks for its fragment with the current version of its data (one cheap query): the fragment
is rendered and stored on a miss, served from the cache on a hit. A change to the data changes the
version, so a stale fragment is never served, in any process: the version lives in the database.
Fragments hold no per-person content and no CSRF token.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.context import make_context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode, ExtendsNode
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import compress_string

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
    key = cache_key("fragment", name, version, vary)
    stored = cache.get(key)
    if stored is None:
        context, title = build_context()
        stored = (title, render_to_string(template, context, request))
        cache.set(key, stored, TIMEOUT)
    return Fragment(stored[0], mark_safe(stored[1]))  # noqa: S308 — our own rendered template


def cache_key(kind: str, name: str, version: object, vary: object) -> str:
    """Where a `kind` of cached content is kept: its name, the version of its data and what it varies with."""
    digest = hashlib.sha256(f"{name}|{version}|{vary}".encode()).hexdigest()[:32]
    return f"{kind}:{name}:{digest}"


def _addressed(request: HttpRequest) -> tuple:
    """What a whole page or file varies with: its query string, and the host it was asked of (its
    absolute links — feeds, JSON-LD — name it, and a site may answer to several)."""
    return request.get_host(), sorted(request.GET.lists())


def fragment_page(request: HttpRequest, fragment: Fragment) -> HttpResponse:
    """A page made of the base template around one cached fragment."""
    return render(request, "core/fragment_page.html", {"fragment": fragment})


# The blocks of website/base.html a page fills; title_prefix (« Erreur – ») is the base's own.
BASE_TEMPLATE = "website/base.html"
PAGE_BLOCKS = ("title_prefix", "page_title", "extra_head", "main", "extra_js")
PAGE_TIMEOUT = 5 * 60  # a bound for what no version watches (thesaurus labels changed in another process)
# Rendered where a form's {% csrf_token %} goes, then replaced by each visitor's own token.
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor-2f9c41"


def render_blocks(template_name: str, context: dict[str, Any], request: HttpRequest) -> dict[str, str]:
    """The blocks of a page template extending the base template, each rendered on its own (the
    base's own where the page does not fill one)."""
    template = _django_template(template_name)
    extends = template.nodelist.get_nodes_by_type(ExtendsNode)[0]
    blocks = {node.name: node for node in _django_template(BASE_TEMPLATE).nodelist.get_nodes_by_type(BlockNode)}
    filled = {node.name: node for node in extends.nodelist if isinstance(node, BlockNode)}
    if unknown := set(filled) - set(PAGE_BLOCKS):  # a block core/cached_page.html would drop
        raise ImproperlyConfigured(f"{template_name} fills {sorted(unknown)}: add them to PAGE_BLOCKS")
    blocks.update(filled)
    rendering = make_context({**context, "csrf_token": CSRF_PLACEHOLDER}, request)
    with rendering.bind_template(template):
        return {name: blocks[name].render(rendering) if name in blocks else "" for name in PAGE_BLOCKS}


def _django_template(name: str) -> Any:
    """The Django Template behind the backend's wrapper: its nodes are what `render_blocks` walks."""
    return cast(Any, get_template(name)).template


def cached_page(
    request: HttpRequest,
    name: str,
    version: object,
    template: str,
    build_context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """A whole public page cached under the version of its data and its query string: its blocks
    are rendered once, then served inside the base template (header, messages and demo notice stay
    live, and a form's CSRF token is the visitor's own). Signed-in people always get a fresh page
    (previews, links to their workspace). `build_context()` runs on a miss only."""
    if request.user.is_authenticated:
        return render(request, template, build_context())
    key = cache_key("page", name, version, _addressed(request))
    stored = cache.get(key)
    if stored is None:
        stored = render_blocks(template, build_context(), request)
        cache.set(key, stored, PAGE_TIMEOUT)
    if any(CSRF_PLACEHOLDER in html for html in stored.values()):
        token = get_token(request)
        stored = {block: html.replace(CSRF_PLACEHOLDER, token) for block, html in stored.items()}
    blocks = {block: mark_safe(html) for block, html in stored.items()}  # noqa: S308 — our own templates
    return render(request, "core/cached_page.html", {"blocks": blocks})


KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
COMPRESSED_FROM = 1024  # bytes: below this, gzip's header costs more than it saves


def accepts_gzip(request: HttpRequest) -> bool:
    """The client takes gzip (RFC 9110 §12.5.3): named with a weight above zero, or else `*` so."""
    weights = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, parameter = part.partition(";")
        name, _, value = parameter.partition("=")
        try:
            weight = float(value) if name.strip().lower() == "q" else 1.0
        except ValueError:
            weight = 0.0
        weights[coding.strip().lower()] = weight
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def cached_response(
    request: HttpRequest,
    name: str,
    version: object,
    respond: Callable[[], HttpResponse],
    timeout: int = PAGE_TIMEOUT,
) -> HttpResponse:
    """A public file (a feed, a calendar) cached under the version of its data and the query string:
    `respond()` runs on a miss only; only a whole 200 answer is kept, with its type and file name.
    A large file is also kept compressed once, and served so to clients that take gzip (calendar and
    feed readers do): compressing on each request would cost more than building it did."""
    key = cache_key("response", name, version, _addressed(request))
    stored = cache.get(key)
    if stored is None:
        response = respond()
        if response.status_code != 200 or response.streaming:
            return response
        content = response.content
        compressed = compress_string(content) if len(content) >= COMPRESSED_FROM else None
        headers = [(header, response[header]) for header in KEPT_HEADERS if header in response]
        stored = (content, headers, compressed)
        cache.set(key, stored, timeout)
    content, headers, compressed = stored
    if compressed is not None and accepts_gzip(request):
        response = HttpResponse(compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content)
    for header, value in headers:
        response[header] = value
    if compressed is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    return response
