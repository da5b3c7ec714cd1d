"""The co-financing pages: a centre's admins enter each year's funding of their centre; the national
animation sees every centre's, checks and locks it. Permissions: REPORT_TO_NETWORK on the centre to
see and enter, MANAGE_NETWORK to lock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import csv_download
from passerelles.indicators.services.dashboard import Table

from .enums import Funder
from .forms import FundingForm
from .models import FundingYear
from .services import cofinancing


@login_required
@require_safe
def index(request):
    """The centres' funding year by year, with the State's share and its trend in charts; each
    chart's table, and that of the years entered, also as CSV (`?tableau=<key>`): of the centres
    the user may see, as the page."""
    centres = centres_where(request.user, Action.REPORT_TO_NETWORK).order_by("name")
    if not centres.exists():
        raise PermissionDenied
    tables = _trend_tables(centres)
    rows = cofinancing.trend(centres)
    entered = _entered_table(rows)
    if "tableau" in request.GET:
        table = next((table for table in [*tables, entered] if table.key == request.GET["tableau"]), None)
        if table is None:
            raise Http404("Tableau inconnu.")
        return csv_download(spreadsheet_text(table.columns, table.rows), f"financements-{table.key}")
    context = {
        "centres": collation.sorted_by(centres, key="name"),
        "rows": rows,
        "entered": entered,
        "tables": tables,
        "years": list(reversed(cofinancing.years_open()))[:4],
        "national": can(request.user, Action.MANAGE_NETWORK),
    }
    return render(request, "funding/cofinancing_index.html", context)


def _trend_tables(centres) -> list[Table]:
    years = cofinancing.network_trend(centres)
    share = Table(
        "part-etat",
        "Part de l'État dans le financement, année par année",
        ("Année", "Total (€)", "État (€)", "Part de l'État (%)"),
        [[row["year"], row["total"], row["state"], row["state_share"]] for row in years],
        chart="line",
        charted=3,
    )
    tables = [share]
    if years:
        last = years[-1]
        funders = [[capfirst(funder.label), last["funders"][funder]] for funder in Funder if funder in last["funders"]]
        tables.append(
            Table("financeurs", f"Financements {last['year']} par financeur", ("Financeur", "Montant (€)"), funders)
        )
    for table in tables:
        table.csv_url = f"?tableau={table.key}"
    return tables


def _entered_table(rows) -> Table:
    """The years entered, centre by centre (cofinancing.trend), as the page's last table prints them."""
    lines = [
        [
            row["funding_year"].centre.display_name,
            row["funding_year"].year,
            row["total"],
            row["state"],
            row["state_share"],
            "vérifié et verrouillé" if row["funding_year"].is_locked else "en saisie",
        ]
        for row in rows
    ]
    columns = ("Centre", "Année", "Total (€)", "État (€)", "Part de l'État (%)", "État de la saisie")
    table = Table("financements-saisis", "Financements saisis", columns, lines)
    table.csv_url = f"?tableau={table.key}"
    return table


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
