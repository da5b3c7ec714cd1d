"""The co-financing pages: a centre's admins enter each year's funding of their centre; the national
animation sees every centre's, checks and locks it. Permissions: REPORT_TO_NETWORK on the centre to
see and enter, MANAGE_NETWORK to lock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.centres.models import Centre

from .enums import Funder
from .forms import FundingForm
from .models import FundingYear
from .services import cofinancing


@login_required
@require_safe
def index(request):
    centres = centres_where(request.user, Action.REPORT_TO_NETWORK).order_by("name")
    if not centres.exists():
        raise PermissionDenied
    context = {
        "centres": centres,
        "rows": cofinancing.trend(centres),
        "years": list(reversed(cofinancing.years_open()))[:4],
        "national": can(request.user, Action.MANAGE_NETWORK),
    }
    return render(request, "funding/cofinancing_index.html", context)


def _centre_and_year(request, slug, year):
    centre = get_object_or_404(Centre, slug=slug)
    if not can(request.user, Action.REPORT_TO_NETWORK, centre):
        raise PermissionDenied
    if year not in cofinancing.years_open():
        raise Http404("Année hors des années acceptées.")
    return centre, FundingYear.objects.filter(centre=centre, year=year).prefetch_related("lines").first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def year_page(request, slug, year):
    centre, funding_year = _centre_and_year(request, slug, year)
    initial = funding_year.amounts() if funding_year else {}
    form = FundingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cofinancing.save_amounts(centre, year, form.amounts(), request.user)
        except cofinancing.FundingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Financement {year} enregistré.")
        return redirect("funding:year", centre.slug, year)
    context = {
        "centre": centre,
        "year": year,
        "funding_year": funding_year,
        "form": form,
        "funders": list(Funder),
        "national": can(request.user, Action.MANAGE_NETWORK),
    }
    return render(request, "funding/cofinancing_year.html", context)


@login_required
@require_POST
def lock(request, slug, year):
    """Lock (or unlock) a centre's funding of a year: the national animation only."""
    centre, funding_year = _centre_and_year(request, slug, year)
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    if funding_year is None:
        raise Http404("Aucun financement saisi pour cette année.")
    locked = request.POST.get("locked") == "1"
    cofinancing.set_locked(funding_year, request.user, locked)
    messages.success(request, f"Financement {year} {'verrouillé' if locked else 'déverrouillé'}.")
    return redirect("funding:year", centre.slug, year)
