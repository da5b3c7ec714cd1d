"""The API's addresses under /api/v1/ (namespace « api », the one django-ninja reverses)."""

from django.urls import re_path

from . import problems
from .main import api


def not_found(request, rest=""):
    """Any other address under /api/v1/: a 404 problem, not the site's HTML page."""
    return problems.response(request, problems.Problem(404))


app_name = api.urls_namespace

urlpatterns = [
    *api.urls[0],
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
