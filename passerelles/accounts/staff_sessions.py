"""Sessions of the people who work in the site (members of a centre, national animators, superusers,
admin staff) end after PASSERELLES["STAFF_SESSION_HOURS"] (12 h) from the sign-in, and after
PASSERELLES["STAFF_SESSION_IDLE_MINUTES"] (30 min) without a request; other sessions keep Django's
lifetime (SESSION_COOKIE_AGE). Both instants live in the session, as Unix times."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from .permissions import is_member

SIGNED_IN_AT = "passerelles_signed_in_at"
LAST_SEEN_AT = "passerelles_last_seen_at"


def limits():
    """(lifetime, idle time) of a staff session, in seconds."""
    config = settings.PASSERELLES
    return config["STAFF_SESSION_HOURS"] * 3600, config["STAFF_SESSION_IDLE_MINUTES"] * 60


def works_in_the_site(user):
    """Whoever can reach a workspace or the admin."""
    if user.is_superuser or user.is_national_animator or user.is_staff:
        return True
    return is_member(user)


def remember_sign_in(sender, request, user, **kwargs):
    """user_logged_in: the session's lifetime counts from here."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and works_in_the_site(user):
            lifetime, idle = limits()
            now, session = time.time(), request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)  # sessions older than this rule
            last_seen_at = session.get(LAST_SEEN_AT, now)
            if now - signed_in_at >= lifetime or now - last_seen_at >= idle:
                logout(request)
                messages.info(request, "Votre session a expiré : reconnectez-vous pour continuer.")
                return redirect_to_login(request.get_full_path())
            session[LAST_SEEN_AT] = now
            # The cookie and the stored session end at the same instant (then purged by clearsessions).
            session.set_expiry(max(1, int(min(idle, lifetime - (now - signed_in_at)))))
        return self.get_response(request)
