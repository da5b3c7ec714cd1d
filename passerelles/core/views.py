from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from passerelles.centres.forms import CommuneLookupForm
from passerelles.centres.models import Centre
from passerelles.centres.services.freshness import directory_version

from .fragments import cached_fragment, fragment_page


@require_GET
def home(request):
    def build():
        return {"lookup_form": CommuneLookupForm(), "counts": Centre.objects.summary()}, "Accueil"

    fragment = cached_fragment("home", directory_version(), "", "core/fragments/home.html", build, request)
    return fragment_page(request, fragment)


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@require_GET
def bare(request):
    """The base template and nothing else: the yardstick of `make bench` (off unless asked)."""
    if not settings.PASSERELLES.get("BARE_PAGE"):
        raise Http404
    return render(request, "core/bare.html")


def csrf_failure(request, reason=""):
    """The CSRF refusal in French (Django's own page is in English)."""
    return render(request, "403_csrf.html", status=403)
