"""ETag and Last-Modified of the API's answers, from the versions that key the site's own pages
(ADR 0002, core.versions and each app's `services/freshness.py`): a conditional request whose copy
is current gets 304 before any query of the content runs.

The ETag is a digest of that version and of the full address (path and parameters). Versions carry
no date, so Last-Modified is the moment this process first saw the version it answers from: never
before the change it reflects, hence a client's copy dated after it is current.

The body of each 200 answer is kept in the cache under that digest, as the pages keep theirs
(core.fragments): a request for what was already served under the same version costs no query of
the content, its JSON is served as it was written."""

import hashlib
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from passerelles.core.fragments import PAGE_TIMEOUT

_first_seen: dict[str, datetime] = {}
_KEPT = 1000  # versions remembered per process (the agenda's moves every minute)
KEPT_BODY = 512 * 1024  # bytes: a larger answer is not kept (the cache is shared with the pages)
JSON = "application/json; charset=utf-8"


class NotModified(Exception):
    """The client's copy is current: answered 304 with the validators (api.caching.not_modified)."""

    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("not modified")
        self.headers = headers


class Kept(Exception):
    """This answer was served under the same version: served again from the cache (api.caching.kept)."""

    def __init__(self, body: bytes, headers: dict[str, str]) -> None:
        super().__init__("kept")
        self.body = body
        self.headers = headers


def first_seen(version: str) -> datetime:
    seen = _first_seen.get(version)
    if seen is None:
        if len(_first_seen) >= _KEPT:
            _first_seen.clear()
        seen = _first_seen[version] = timezone.now().replace(microsecond=0)
    return seen


def digest_of(request: HttpRequest, version: str) -> str:
    # The absolute address: the links an answer carries name the host it was asked of.
    return hashlib.sha256(f"{version}\n{request.build_absolute_uri()}".encode()).hexdigest()[:32]


def validators(request: HttpRequest, digest: str, version: str) -> dict[str, str]:
    return {
        "ETag": f'W/"{digest}"',
        "Last-Modified": http_date(first_seen(version).timestamp()),
        # Public data: caches may keep it, and ask again (conditionally) before each reuse.
        "Cache-Control": "public, no-cache",
    }


def is_current(request: HttpRequest, etag: str, last_modified: str) -> bool:
    """The client's copy is current (RFC 9110 § 13.2, as Django evaluates it for its own views)."""
    answer = get_conditional_response(request, etag=etag, last_modified=parse_http_date_safe(last_modified))
    return answer is not None and answer.status_code == 304


def check(request: HttpRequest, response: HttpResponse, version: str) -> None:
    """Put the validators on `response` (django-ninja's temporal response) and mark the answer to be
    kept; or raise NotModified (the client's copy is current) or Kept (this process has the answer).
    For public answers only: the same to everyone who asks that address under that version."""
    digest = digest_of(request, version)
    headers = validators(request, digest, version)
    if is_current(request, headers["ETag"], headers["Last-Modified"]):
        raise NotModified(headers)
    key = f"api:{digest}"
    body = cache.get(key)
    if body is not None:
        raise Kept(body, headers)
    request.api_cache_key = key  # type: ignore[attr-defined]
    for name, value in headers.items():
        response[name] = value


def keep(request: HttpRequest, answer: HttpResponse) -> None:
    """Keep a whole 200 JSON answer of a checked operation (called once the view has answered)."""
    key = getattr(request, "api_cache_key", None)
    if (
        key
        and getattr(request, "auth", None) is None
        and answer.status_code == 200
        and not answer.streaming
        and len(answer.content) <= KEPT_BODY
    ):
        cache.set(key, answer.content, PAGE_TIMEOUT)


def kept(request: HttpRequest, exc: Kept) -> HttpResponse:
    answer = HttpResponse(exc.body, content_type=JSON)
    for name, value in exc.headers.items():
        answer[name] = value
    return answer


def not_modified(request: HttpRequest, exc: NotModified) -> HttpResponse:
    answer = HttpResponseNotModified()
    for name, value in exc.headers.items():
        answer[name] = value
    return answer
