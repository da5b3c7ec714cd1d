"""Rate limits of the API: per anonymous client address (core.clients, behind the documented proxies)
and per token. Rates read PASSERELLES["THROTTLES"]["API_CLIENT"] / ["API_TOKEN"] at each request, so
that a deployment (and a test, with override_settings) sets them; counters live in the cache."""

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from passerelles.core.clients import client_ip


class _SettingsRateThrottle(SimpleRateThrottle):
    setting: str

    def __init__(self) -> None:
        super().__init__(rate=self.get_rate())

    def get_rate(self) -> str:
        return settings.PASSERELLES["THROTTLES"][self.setting]

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class ClientThrottle(_SettingsRateThrottle):
    """Calls without a token, counted per client address."""

    scope = "api-client"
    setting = "API_CLIENT"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is not None:
            return None
        digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


class TokenThrottle(_SettingsRateThrottle):
    """Calls with a token, counted per token (whatever the address they come from)."""

    scope = "api-token"
    setting = "API_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        if auth is None:
            return None
        # The token's own identifier (its primary key) when it has one, else its text form.
        ident = str(getattr(auth, "pk", None) or auth)
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


def default_throttles() -> list[SimpleRateThrottle]:
    return [ClientThrottle(), TokenThrottle()]
