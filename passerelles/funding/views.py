"""The national animation tries allocation formulas for the State's envelope on the centres' figures."""

from fractions import Fraction

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from passerelles.accounts.permissions import Action, can
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import csv_download

from .enums import Criterion
from .forms import SaveForm, ScenarioForm, starting_values, starting_year
from .numbers import decimal_text
from .services import publication
from .services.allocation import AllocationRefused, CentreFigures, Formula, allocate, fairness
from .services.current import current_allocation, measure_texts
from .services.figures import centre_figures


@login_required
@require_safe
def simulator(request):
    """The formula from the address (or the starting values), each centre's amount explained term
    by term, and the fairness measures; saved only on request (scenario_pages.save)."""
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    context = evaluate(request.GET or None)
    context["save_form"] = SaveForm() if "rows" in context else None
    return render(request, "funding/simulator.html", context)


@login_required
@require_safe
def simulator_results(request):
    """The simulator's results alone, for the formula in the address: what its page asks for in the
    background as the values change, without rendering the form's fields again."""
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    context = evaluate(request.GET or None)
    context.update(save_form=SaveForm() if "rows" in context else None, partial=True)
    return render(request, "funding/_simulation.html", context)


@login_required
@require_safe
def simulator_csv(request):
    """The simulator's table of amounts for the formula in the address, before it is saved."""
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    context = evaluate(request.GET or None)
    if "rows" not in context:
        raise Http404("Formule incorrecte ou refusée : corrigez-la dans le simulateur.")
    return results_csv(context, "simulation")


def results_csv(context, name: str):
    """Each centre's figures, amount, current allocation, gap and explanation (a formula's results)."""
    header = [
        "centre",
        *(c.label for c in Criterion),
        "montant (€)",
        "allocation actuelle (€)",
        "écart (€)",
        "détail",
        "euros par habitant des QPV",
        "euros par habitant des QPV (allocation actuelle)",
    ]
    rows = [
        [
            row["share"].centre.name,
            *(row["share"].centre.values.get(c.value, 0) for c in Criterion),
            row["share"].amount,
            row["share"].centre.current,
            row["share"].difference,
            row["share"].explanation,
            row["per_inhabitant"],
            row["current_per_inhabitant"],
        ]
        for row in context.get("rows", [])
    ]
    return csv_download(spreadsheet_text(header, rows), name)


def evaluate(data):
    """The page's context for a formula (`data`: the form's values; None: the starting values): its
    refusal, or each centre's share and the fairness measures, beside those of the current allocation
    (the State's funding entered for the year counted)."""
    figures, year = None, starting_year()
    if data is None:
        figures = centre_figures(year)
        data = starting_values(figures[0])
    form = ScenarioForm(data)
    context = {"form": form, "criteria": list(Criterion)}
    if not form.is_valid():
        return context
    values = form.cleaned_data
    if figures is None or values["year"] != year:
        figures = centre_figures(values["year"])
    figures, context["qpv_list"] = figures
    # A criterion no centre has figures for (data not loaded) is named, not shown as zeros.
    context["criteria"] = [c for c in Criterion if any(f.values.get(c.value) for f in figures)]
    context["unloaded"] = [c.label for c in Criterion if c not in context["criteria"]]
    bounded = [CentreFigures(f.key, f.name, f.values, f.overseas, *form.bounds(f.key), f.current) for f in figures]
    formula = Formula(values["envelope"], values["base"], form.weights(), Fraction(values["overseas_coefficient"]))
    try:
        shares = allocate(formula, bounded)
    except AllocationRefused as refusal:
        context["refusal"] = str(refusal)
        return context
    measured = fairness({share.centre.key: share.amount for share in shares}, bounded)
    current = current_allocation(bounded, values["year"])
    measures = measure_texts(measured)
    context.update(
        formula=formula,
        shares=shares,
        rows=_rows(shares, measured, current, context["criteria"]),
        measures=measures,
        current_allocation=current,
        fairness_rows=[
            (label, value, now) for (label, value), (_, now) in zip(measures, current.measures, strict=True)
        ],
        envelope=values["envelope"],
    )
    return context


def frozen(name: str, context) -> dict:
    """A formula's results (the context `evaluate` gave) frozen for publication."""
    return publication.snapshot(
        name,
        context["form"].cleaned_data,
        context["formula"],
        context["rows"],
        context["measures"],
        context["qpv_list"],
        context["current_allocation"],
    )


def _rows(shares, measured, current, criteria):
    return [
        {
            "share": share,
            "figures": [share.centre.values.get(criterion.value, 0) for criterion in criteria],
            "per_inhabitant": decimal_text(measured.per_qpv_inhabitant[share.centre.key], 2),
            "current_per_inhabitant": current.per_inhabitant(share.centre.key),
            "difference_share": decimal_text(share.difference_share and share.difference_share * 100, 1),
        }
        for share in shares
    ]
