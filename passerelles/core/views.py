from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from passerelles.centres.forms import CommuneLookupForm
from passerelles.centres.models import Centre


@require_GET
def home(request):
    counts = Centre.objects.summary()
    return render(request, "core/home.html", {"lookup_form": CommuneLookupForm(), "counts": counts})


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@require_GET
def bare(request):
    """The base template and nothing else: the yardstick of `make bench` (off unless asked)."""
    if not settings.PASSERELLES.get("BARE_PAGE"):
        raise Http404
    return render(request, "core/bare.html")
