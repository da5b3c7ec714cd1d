"""Scenarios for the State's envelope: saved from the simulator, listed, opened again, compared side
by side, exported as CSV. The national animation only (MANAGE_NETWORK)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from passerelles.accounts.permissions import Action, can
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import as_download, pdf_download
from passerelles.core.pdf import render_pdf

from .enums import Criterion
from .forms import SaveForm, ScenarioForm
from .models import Scenario
from .views import evaluate


def _national(request):
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied


@login_required
@require_POST
def save(request):
    """Keep the simulator's formula under a name; a formula that does not allocate is not kept."""
    _national(request)
    form, named = ScenarioForm(request.POST), SaveForm(request.POST)
    if not (form.is_valid() and named.is_valid()):
        messages.error(request, "Le scénario n'a pas été enregistré : donnez-lui un nom et une formule valable.")
        return redirect(f"{reverse('funding:simulator')}?{urlencode(_values(request.POST))}")
    if "rows" not in evaluate(_values(request.POST)):
        messages.error(request, "Le scénario n'a pas été enregistré : cette formule ne répartit pas l'enveloppe.")
        return redirect(f"{reverse('funding:simulator')}?{urlencode(_values(request.POST))}")
    scenario = Scenario.objects.create(
        name=named.cleaned_data["name"], values=_values(request.POST), created_by=request.user
    )
    messages.success(request, f"Scénario « {scenario.name} » enregistré.")
    return redirect(scenario)


def _values(data):
    """The formula's fields of a submitted form, as text (what the simulator's address holds)."""
    return {name: data.get(name, "") for name in ScenarioForm.base_fields}


@login_required
@require_safe
def scenarios(request):
    _national(request)
    return render(request, "funding/scenarios.html", {"scenarios": Scenario.objects.select_related("created_by")})


def _opened(request, pk):
    """The scenario and its results on the figures of the day."""
    _national(request)
    found = get_object_or_404(Scenario, pk=pk)
    return found, evaluate(found.values)


@login_required
@require_safe
def scenario(request, pk):
    found, context = _opened(request, pk)
    context.update(scenario=found, simulator_url=f"{reverse('funding:simulator')}?{urlencode(found.values)}")
    return render(request, "funding/scenario.html", context)


@login_required
@require_safe
def scenario_csv(request, pk):
    found, context = _opened(request, pk)
    header = ["centre", *(c.label for c in Criterion), "montant (€)", "allocation actuelle (€)", "écart (€)", "détail"]
    rows = [
        [
            share.centre.name,
            *(share.centre.values.get(c.value, 0) for c in Criterion),
            share.amount,
            share.centre.current,
            share.difference,
            share.explanation,
        ]
        for share in context.get("shares", [])
    ]
    response = HttpResponse(spreadsheet_text(header, rows), content_type="text/csv; charset=utf-8")
    return as_download(response, f"scenario-{found.pk}.csv")


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
    """Two scenarios side by side: each centre's amount in both, and the fairness of both."""
    _national(request)
    chosen = [get_object_or_404(Scenario, pk=pk) for pk in request.GET.getlist("scenario")[:2] if pk.isdigit()]
    if len(chosen) != 2:
        messages.error(request, "Choisissez deux scénarios à comparer.")
        return redirect("funding:scenarios")
    first, second = (evaluate(found.values) for found in chosen)
    if "shares" not in first or "shares" not in second:
        messages.error(request, "L'un des deux scénarios ne répartit plus l'enveloppe avec les chiffres du jour.")
        return redirect("funding:scenarios")
    amounts = {share.centre.key: share.amount for share in second["shares"]}
    rows = [
        {"share": share, "other": amounts[share.centre.key], "gap": amounts[share.centre.key] - share.amount}
        for share in first["shares"]
    ]
    measures = [(label, value, second["measures"][n][1]) for n, (label, value) in enumerate(first["measures"])]
    return render(request, "funding/compare.html", {"chosen": chosen, "rows": rows, "measures": measures})
