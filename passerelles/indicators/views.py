"""The dashboards: the national animation's (every centre, by région), a centre's (its staff) and
the public page of the network's published figures; each table also as CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from passerelles.accounts.permissions import Action, can
from passerelles.centres.models import Centre
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import csv_download

from .forms import DashboardFilters
from .models import PublishedYear
from .services import activity
from .services.coverage_tables import coverage_view
from .services.dashboard import centres_of_region, dashboard


def _shown(request, scope: str, years, centre: Centre | None = None, places: bool = False):
    """The filters read from the address and the dashboard they select (None when they are wrong);
    with `places`, the communes and QPV no centre covers are listed too (a CSV of its own)."""
    form = DashboardFilters(request.GET, years, with_region=centre is None)
    if not form.is_valid():
        return form, None
    values = form.cleaned_data
    centres = [centre.pk] if centre else None
    if values.get("region"):
        centres = centres_of_region(values["region"])
    found = dashboard(values["year"], centres, values["activity"], by_centre=centre is None, trend_years=years)
    found.coverage = coverage_view(centres, places)
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields})
    for table in [*found.tables, *found.coverage.csv_tables]:
        args = [centre.slug, table.key] if centre else [table.key]
        table.csv_url = reverse(f"indicators:{scope}_csv", args=args) + (f"?{query}" if query else "")
    return form, found


def _csv(request, scope, years, key, centre=None):
    form, found = _shown(request, scope, years, centre, places=key == "territoires-non-couverts")
    table = found and found.table(key)
    if table is None:
        raise Http404("Tableau inconnu ou filtres incorrects.")
    name = f"indicateurs-{centre.slug + '-' if centre else ''}{found.year}-{key}"
    return csv_download(spreadsheet_text(table.columns, table.rows), name)


@login_required
@require_safe
def national(request):
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    years = activity.years_shown()
    form, found = _shown(request, "national", years)
    context = {
        "form": form,
        "dashboard": found,
        "published": set(PublishedYear.objects.values_list("year", flat=True)),
        "this_year": timezone.localdate().year,
        "title": "Tableau de bord du réseau",
    }
    return render(request, "indicators/national.html", context)


@login_required
@require_safe
def national_csv(request, key):
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    return _csv(request, "national", activity.years_shown(), key)


def _year_posted(request) -> int:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if year not in activity.years_shown():
        raise Http404("Année inconnue.")
    return year


@login_required
@require_POST
def recompute(request):
    """Compute a year's figures again from the data, now (the clock does it every quarter of an
    hour for this year and the last)."""
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    year = _year_posted(request)
    activity.refresh(year)
    messages.success(request, f"Les indicateurs de {year} ont été recalculés à partir des données.")
    return redirect(f"{reverse('indicators:national')}?year={year}")


@login_required
@require_POST
def publish(request):
    """Publish a closed year's network figures on the public page, or withdraw them. The year under
    way is refused: its figures still move and the page publishes closed years only."""
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    year = _year_posted(request)
    if request.POST.get("withdraw"):
        PublishedYear.objects.filter(year=year).delete()
        messages.success(request, f"Les chiffres de {year} ne sont plus publiés.")
    elif year >= timezone.localdate().year:
        messages.error(
            request,
            f"Les chiffres de {year} ne peuvent pas être publiés : l'année n'est pas close. "
            "Seules les années closes sont publiées sur la page « Le réseau en chiffres ».",
        )
    else:
        PublishedYear.objects.get_or_create(year=year)
        messages.success(request, f"Les chiffres de {year} sont publiés sur la page « Le réseau en chiffres ».")
    return redirect(f"{reverse('indicators:national')}?year={year}")


def _centre(request, slug):
    centre = get_object_or_404(Centre, slug=slug)
    if not can(request.user, Action.VIEW_PRIVATE, centre):
        raise PermissionDenied
    return centre


@login_required
@require_safe
def centre(request, slug):
    found_centre = _centre(request, slug)
    form, found = _shown(request, "centre", activity.years_shown(), found_centre)
    context = {"form": form, "dashboard": found, "centre": found_centre, "title": "Tableau de bord du centre"}
    return render(request, "indicators/centre.html", context)


@login_required
@require_safe
def centre_csv(request, slug, key):
    found_centre = _centre(request, slug)
    return _csv(request, "centre", activity.years_shown(), key, found_centre)


def _published_years():
    return sorted(PublishedYear.objects.values_list("year", flat=True))


@require_safe
def public(request):
    years = _published_years()
    form, found = _shown(request, "public", years) if years else (None, None)
    return render(request, "indicators/public.html", {"form": form, "dashboard": found, "years": years})


@require_safe
def public_csv(request, key):
    return _csv(request, "public", _published_years(), key)
