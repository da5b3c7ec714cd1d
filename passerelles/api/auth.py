"""`Authorization: Bearer <token>` for the write operations (api.services.tokens): the request then
carries the token (`request.auth`, what the token throttle counts) and whom it acts as
(`request.identity`, what every permission check is asked about)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from .problems import Problem
from .services import tokens

CHALLENGE = 'Bearer realm="api", error="invalid_token"'


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            found = tokens.authenticate(token)
        except tokens.TokenRefused as refused:
            raise Problem(401, detail=refused.message, headers={"WWW-Authenticate": CHALLENGE}) from refused
        request.identity = tokens.identity_of(found)  # type: ignore[attr-defined]
        return found


token_auth = TokenAuth()
