"""The links of a digest: the list it belongs to (one-click unsubscribe) and the manage page,
reached without signing in by a signed link that expires."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

from passerelles.core import personal_links

LIST_KEY = "alertes"
LIST_LABEL = "Lettre des alertes Passerelles"
MANAGE_SALT = "passerelles.alerts.manage"
MANAGE_DAYS = 60  # a manage link works that long (a digest a month: two letters' worth)


def manage_token(user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=MANAGE_SALT, compress=True)


def read_manage_token(token: str) -> Any:
    """The person a valid manage link designates, or None (tampered, expired, account gone)."""
    try:
        data = signing.loads(token, salt=MANAGE_SALT, max_age=timedelta(days=MANAGE_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("e"), str):
        return None
    return get_user_model().objects.filter(pk=data["u"], email=data["e"], is_active=True).first()


def manage_token_expired(token: str) -> bool:
    """Whether a manage link that no longer works was genuine but too old (410 rather than 404)."""
    return personal_links.expired_data(token, salt=MANAGE_SALT, max_age=timedelta(days=MANAGE_DAYS)) is not None


def absolute(path: str) -> str:
    return settings.PASSERELLES["SITE_URL"].rstrip("/") + path
