from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from ..permissions import needs_second_factor
from . import services

# What a session still owing its second factor may reach: that step, signing out, and the pages
# that say who runs the site (linked from every footer), which carry no personal data.
OPEN_VIEWS = {
    "accounts:second_factor_enrol",
    "accounts:second_factor_verify",
    "accounts:logout",
    "website:accessibility",
    "website:legal_notice",
    "website:personal_data",
    "website:site_map",
    "website:contact",
    "website:robots_txt",
    "website:security_txt",
}


class SecondFactorMiddleware:
    """After the password, a person whose role needs the second factor reaches nothing else until
    the session has passed it (the admin included): the enrolment page while they have no device,
    the verification page otherwise, then where they were going. `can()` refuses such a session too
    (permissions.second_factor_missing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not needs_second_factor(user):
            return None
        request.second_factor_pending = True  # the header then offers nothing but signing out
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        step = "accounts:second_factor_verify" if services.is_enrolled(user) else "accounts:second_factor_enrol"
        return redirect_to_login(request.get_full_path(), reverse(step))
