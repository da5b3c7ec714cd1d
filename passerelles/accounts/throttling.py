"""Sign-in throttling, on the client behind the documented proxies (core.clients):

- per account and client address (django-axes): five failures for an e-mail from one client lock
  that client out of that account for a while; the owner, elsewhere, still signs in;
- per client address whatever the account (password spraying): every failure is counted
  (PASSERELLES["THROTTLES"]["SIGN_IN_CLIENT"]) and, once over the limit, that client is refused
  before any password is checked.

Both answer with the same French page (429). The e-mail is read as the person typed it, case
folded, so that "Nom@Exemple.fr" and "nom@exemple.fr" share one counter."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from passerelles.core import throttle
from passerelles.core.clients import client_ip
from passerelles.core.text import clean_text

CLIENT_LIMIT = "SIGN_IN_CLIENT"


def username_of(request, credentials):
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get(
        settings.AXES_USERNAME_FORM_FIELD, ""
    )
    return clean_text(value).strip().lower()  # as the sign-in form reads it, NUL removed


class ClientThrottleBackend:
    """First of the authentication backends: refuses a client past its failures quota. It sets
    the flag django-axes' middleware turns into the lockout page (`lockout_response`)."""

    def authenticate(self, request, **credentials):
        if request is not None and throttle.exceeded(CLIENT_LIMIT, client_ip(request)):
            request.axes_locked_out = True
            request.sign_in_client_throttled = True
            raise PermissionDenied("Too many failed sign-ins from this client.")
        return None  # no get_user: it never signs anyone in, and sessions never name it


def count_failure(sender, credentials, request=None, **kwargs):
    """user_login_failed: one more failure for the client (whatever the account)."""
    if request is not None and not getattr(request, "sign_in_client_throttled", False):
        throttle.hit(CLIENT_LIMIT, client_ip(request))


def lockout_response(request, original_response=None, credentials=None):
    if getattr(request, "sign_in_client_throttled", False):
        context = {"for_client": True, "wait": throttle.limit(CLIENT_LIMIT).wait_text()}
    else:
        minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
        context = {"wait": f"{minutes} minute{'s' if minutes > 1 else ''}"}
    return render(request, "accounts/lockout.html", context, status=429)
