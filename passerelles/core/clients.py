"""Who is asking: the client's address, the same for sign-in throttling (django-axes), the public
forms' rate limits and the logs.

Behind the reverse proxies documented in docs/deployment.md, REMOTE_ADDR is the last proxy and the
client is the entry the outermost proxy appended to X-Forwarded-For: `PASSERELLES_TRUSTED_PROXIES`
says how many proxies stand in front of the application (0: none, REMOTE_ADDR is the client).
Entries a client wrote itself stand to the left of those the proxies appended and are never read.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def trusted_proxies() -> int:
    return settings.PASSERELLES["TRUSTED_PROXIES"]


def client_ip(request: HttpRequest) -> str:
    proxies = trusted_proxies()
    if proxies:
        # django-ipware counts the proxies whose addresses appear in the header: all but the one
        # that connects to us (REMOTE_ADDR).
        address, _ = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            strict=False,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
        )
        if address:
            return address
    # No proxy configured, or a request that did not come through all of them.
    return request.META.get("REMOTE_ADDR", "")
