"""The published allocations: the national animation publishes a saved scenario as the allocation of
a year, with its method (its results frozen: services.publication), or withdraws it (MANAGE_NETWORK);
everyone reads them, and their CSV, under /reseau/repartition/publiee/. No personal data: who
published is kept, never shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import csv_download

from .enums import Criterion
from .forms import PublishForm
from .models import PublishedAllocation, Scenario
from .scenario_pages import national_only, scenario_page
from .services import publication
from .views import evaluate, frozen


@login_required
@require_POST
def publish(request, pk):
    """Publish the scenario, computed on the figures of the day, as the allocation of the year asked."""
    national_only(request)
    found = Scenario.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("Scénario inconnu.")
    form, context = PublishForm(request.POST), evaluate(found.values)
    if "shares" not in context:
        messages.error(
            request, "Ce scénario ne répartit plus l'enveloppe avec les chiffres du jour : il ne peut pas être publié."
        )
        return redirect(found)
    if form.is_valid():
        chosen = form.cleaned_data
        try:
            published, replaced = publication.publish(
                found,
                chosen["year"],
                chosen["method"],
                frozen(found.name, context),
                request.user,
                replace=chosen["replace"],
            )
        except publication.PublicationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            done = "remplacée par ce scénario" if replaced else "publiée"
            messages.success(request, f"Répartition {published.year} {done}, avec sa méthode.")
            return redirect(published)
    return scenario_page(request, found, context, form)


@login_required
@require_POST
def withdraw(request, year):
    national_only(request)
    if not publication.withdraw(year):
        raise Http404("Aucune répartition publiée pour cette année.")
    messages.success(request, f"La répartition {year} n'est plus publiée.")
    return redirect("funding:scenarios")


@require_safe
def published_list(request):
    return render(request, "funding/published_list.html", {"allocations": PublishedAllocation.objects.all()})


def _published(year):
    found = PublishedAllocation.objects.filter(year=year).first()
    if found is None:
        raise Http404("Aucune répartition publiée pour cette année.")
    return found


@require_safe
def published(request, year):
    """A year's allocation as published: the method, the formula in words, each centre's amount
    explained, the fairness measures beside the current allocation's (snapshots from before it was
    kept: the scenario's alone); all read from the snapshot, nothing from today's data."""
    found = _published(year)
    frozen = found.snapshot
    current = frozen.get("current")
    now = [value for _, value in current["measures"]] if current else [None] * len(frozen["measures"])
    weighted = [criterion for criterion in frozen["criteria"] if criterion["counted"]]
    rows = [
        {**centre, "shown": [centre["figures"][criterion["key"]] for criterion in weighted]}
        for centre in frozen["centres"]
    ]
    context = {
        "published": found,
        "frozen": frozen,
        "weighted": weighted,
        "unweighted": [criterion["label"] for criterion in frozen["criteria"] if not criterion["counted"]],
        "own_bounds": [centre for centre in frozen["centres"] if centre["own_bounds"]],
        "rows": rows,
        "current_allocation": current,
        "fairness_rows": [(label, value, other) for (label, value), other in zip(frozen["measures"], now, strict=True)],
    }
    return render(request, "funding/published.html", context)


@require_safe
def published_csv(request, year):
    frozen = _published(year).snapshot
    header = [
        "centre",
        "outre-mer",
        *(criterion.label for criterion in Criterion),
        "plancher (€)",
        "plafond (€)",
        "montant (€)",
        f"allocation {frozen['activity_year']} (État – ANCT, €)",
        "écart (€)",
        "euros par habitant des QPV",
        f"euros par habitant des QPV (allocation {frozen['activity_year']})",
        "détail du calcul",
    ]
    rows = [
        [
            centre["name"],
            "oui" if centre["overseas"] else "non",
            *(centre["figures"].get(criterion.value, 0) for criterion in Criterion),
            centre["floor"],
            centre["ceiling"],
            centre["amount"],
            centre["current"],
            centre["difference"],
            centre["per_qpv_inhabitant"],
            centre.get("current_per_qpv_inhabitant", ""),  # not kept before the current allocation's measures
            centre["explanation"],
        ]
        for centre in frozen["centres"]
    ]
    return csv_download(spreadsheet_text(header, rows), f"repartition-{year}")
