"""Headers every response carries: the browser features the site refuses (Permissions-Policy), and no
copy kept by the browser or a proxy of what carries personal data (Cache-Control: no-store)."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def carries_personal_data(request):
    """Whatever a signed-in person is served (their account, their centre's registrants, exports,
    attendance sheets…) and every page reached by a personal link (an address carrying a token: the
    registration page and what hangs from it, the password reset)."""
    user = getattr(request, "user", None)  # absent when a static file was served before authentication
    if user is not None and user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and "token" in match.kwargs


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if carries_personal_data(request):
            add_never_cache_headers(response)
        return response
