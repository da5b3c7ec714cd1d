"""Where to send someone back to after a step (`?next=`): a path of this site, or nothing."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request: HttpRequest, value: str | None) -> str:
    """`value` if it is a path of this site (« /espace/ »), else "". Never another site, and never a
    bare word, which `redirect()` would take for the name of a view (« next=foo » answered 500)."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//"):
        return ""
    if not url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure()):
        return ""
    return value
