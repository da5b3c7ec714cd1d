"""Scenarios for the State's envelope: saved from the simulator, listed, opened again, compared side
by side, exported as CSV and PDF (publishing one: publication_pages). The national animation only
(MANAGE_NETWORK)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from passerelles.accounts.permissions import Action, can
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import csv_download, pdf_download
from passerelles.core.pdf import render_pdf

from .forms import PublishForm, SaveForm, ScenarioForm
from .models import PublishedAllocation, Scenario
from .services import comparison
from .views import evaluate, results_csv


def national_only(request):
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied


@login_required
@require_POST
def save(request):
    """Keep the simulator's formula under a name; a formula that does not allocate is not kept."""
    national_only(request)
    form, named = ScenarioForm(request.POST), SaveForm(request.POST)
    values = form.values()
    if not (form.is_valid() and named.is_valid()):
        messages.error(request, "Le scénario n'a pas été enregistré : donnez-lui un nom et une formule valable.")
        return redirect(f"{reverse('funding:simulator')}?{urlencode(values)}")
    if "rows" not in evaluate(values):
        messages.error(request, "Le scénario n'a pas été enregistré : cette formule ne répartit pas l'enveloppe.")
        return redirect(f"{reverse('funding:simulator')}?{urlencode(values)}")
    scenario = Scenario.objects.create(name=named.cleaned_data["name"], values=values, created_by=request.user)
    messages.success(request, f"Scénario « {scenario.name} » enregistré.")
    return redirect(scenario)


@login_required
@require_safe
def scenarios(request):
    """The saved scenarios, which one is published for which year, and the allocations published."""
    national_only(request)
    published = list(PublishedAllocation.objects.select_related("scenario").defer("method", "snapshot"))
    years: dict[int, list[int]] = {}
    for allocation in published:
        years.setdefault(allocation.scenario_id, []).append(allocation.year)
    found = list(Scenario.objects.select_related("created_by"))
    for one in found:
        one.published_years = years.get(one.pk, [])
    return render(request, "funding/scenarios.html", {"scenarios": found, "published": published})


def _opened(request, pk):
    """The scenario and its results on the figures of the day."""
    national_only(request)
    found = get_object_or_404(Scenario, pk=pk)
    return found, evaluate(found.values)


@login_required
@require_safe
def scenario(request, pk):
    found, context = _opened(request, pk)
    return scenario_page(request, found, context, PublishForm(initial={"year": _next_year(found)}))


def _next_year(found):
    """The year after the activity the scenario counts: the allocation it is likely to decide."""
    year = str(found.values.get("year", ""))
    return int(year) + 1 if year.isdigit() else None


def scenario_page(request, found, context, publish_form):
    """The scenario's page: its results on the figures of the day, the years it is published for
    and the form that publishes it (bound and in error when a publication was refused)."""
    context.update(
        scenario=found,
        simulator_url=f"{reverse('funding:simulator')}?{urlencode(found.values)}",
        publish_form=publish_form,
        published_years=list(found.publications.values_list("year", flat=True)),
    )
    return render(request, "funding/scenario.html", context)


@login_required
@require_safe
def scenario_csv(request, pk):
    found, context = _opened(request, pk)
    return results_csv(context, f"scenario-{found.pk}")


@login_required
@require_safe
def scenario_pdf(request, pk):
    found, context = _opened(request, pk)
    if "shares" not in context:
        messages.error(request, "Ce scénario ne répartit plus l'enveloppe avec les chiffres du jour : modifiez-le.")
        return redirect(found)
    context["scenario"] = found
    return pdf_download(render_pdf("funding/print/scenario.html", context, request), f"scenario-{found.pk}")


@login_required
@require_safe
def compare(request):
    """Two scenarios side by side, beside the current allocation: each centre's amount in each, and
    the fairness of all three; each table also as CSV (`?tableau=centres` or `equite`)."""
    national_only(request)
    chosen = [get_object_or_404(Scenario, pk=pk) for pk in request.GET.getlist("scenario")[:2] if pk.isdigit()]
    if len(chosen) != 2:
        messages.error(request, "Choisissez deux scénarios à comparer.")
        return redirect("funding:scenarios")
    first, second = (evaluate(found.values) for found in chosen)
    if "shares" not in first or "shares" not in second:
        messages.error(request, "L'un des deux scénarios ne répartit plus l'enveloppe avec les chiffres du jour.")
        return redirect("funding:scenarios")
    compared = comparison.compare([found.name for found in chosen], first, second)
    if "tableau" in request.GET:
        return _compare_csv(request.GET["tableau"], chosen, compared)
    query = urlencode([("scenario", found.pk) for found in chosen])
    context = {
        "chosen": chosen,
        "compared": compared,
        "rows": compared.rows,
        "csv_url": f"{reverse('funding:compare')}?{query}&tableau=",
    }
    return render(request, "funding/compare.html", context)


COMPARED_TABLES = {"centres": comparison.centre_table, "equite": comparison.measure_table}


def _compare_csv(key, chosen, compared):
    if key not in COMPARED_TABLES:
        raise Http404("Tableau inconnu.")
    header, rows = COMPARED_TABLES[key](compared)
    return csv_download(spreadsheet_text(header, rows), f"comparaison-{chosen[0].pk}-{chosen[1].pk}-{key}")
