"""Invitation links: a session or cycle not open to the public (or not in the agenda) takes the
registrations of the people its organisers send the link to."""

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from .seats import Registrable


def absolute(path: str, base: str | None = None) -> str:
    return (base or settings.PASSERELLES["SITE_URL"]).rstrip("/") + path


def invitation_key(target: Registrable) -> str:
    """The key of the invitation link of a session or cycle. Derived from SECRET_KEY."""
    value = f"{target.registration_link}:{target.pk}"
    return salted_hmac("passerelles.events.invitation", value, algorithm="sha256").hexdigest()[:32]


def is_invited(target: Registrable, key: str | None) -> bool:
    return bool(key) and constant_time_compare(str(key), invitation_key(target))


def invitation_url(target: Registrable, base_url: str | None = None) -> str:
    return absolute(f"{target.get_absolute_url()}?invitation={invitation_key(target)}", base_url)


def for_invited(target: Registrable, path: str) -> str:
    """`path` (the page of `target`, or its calendar file), with the invitation key when `target` is
    kept out of the agenda: for the people registered or invited, who may see it."""
    return path if target.is_published else f"{path}?invitation={invitation_key(target)}"
