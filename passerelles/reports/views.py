"""The annual activity reports: a centre's (its staff read it, its admins write and submit it, the
national animation validates or returns it) and the network's, gathering the validated ones; each
as a page, a PDF, a CSV and an ODS spreadsheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.core.downloads import as_download, csv_download, pdf_download
from passerelles.core.pdf import render_pdf

from .enums import Transition
from .forms import CommentForm, HighlightsForm
from .models import Report
from .services import exports, network, workflow
from .services.figures import centre_figures

ODS = "application/vnd.oasis.opendocument.spreadsheet"


def _year(value) -> int:
    try:
        year = int(value)
        workflow.check_year(year)
    except (TypeError, ValueError, workflow.ReportRefused) as error:
        raise Http404("Année hors des années acceptées.") from error
    return year


@login_required
@require_safe
def index(request):
    national = can(request.user, Action.MANAGE_NETWORK)
    centres = Centre.objects.all() if national else centres_where(request.user, Action.VIEW_PRIVATE)
    if not centres.exists():
        raise PermissionDenied
    year = _year(request.GET.get("year") or timezone.localdate().year - 1)
    reports = {report.centre_id: report for report in Report.objects.filter(year=year, centre__in=centres)}
    rows = [(centre, reports.get(centre.pk)) for centre in collation.sorted_by(centres, key="name")]
    context = {"rows": rows, "year": year, "years": list(reversed(workflow.years_open()))[:6], "national": national}
    return render(request, "reports/index.html", context)


def _report(request, slug, year):
    centre = get_object_or_404(Centre, slug=slug)
    if not can(request.user, Action.VIEW_PRIVATE, centre) and not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    return workflow.report_of(centre, _year(year))


def _figures(report):
    """The frozen figures of a submitted report, or those the clock keeps (ADR 0013)."""
    return report.figures if report.is_frozen else centre_figures(report.centre, report.year, refresh=False)


def _opened(request, slug, year):
    report = _report(request, slug, year)
    return report, _figures(report)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_page(request, slug, year):
    report = _report(request, slug, year)
    may_write = workflow.may_write(request.user, report)
    if request.method == "POST" and not may_write:
        raise PermissionDenied  # before the figures are computed: a refused write changes nothing
    form = HighlightsForm(request.POST if request.method == "POST" else None, instance=report)
    if request.method == "POST" and form.is_valid():
        workflow.save_highlights(report, form.cleaned_data["highlights"], request.user)
        messages.success(request, "Les faits marquants sont enregistrés.")
        return redirect(report.get_absolute_url())
    figures = _figures(report)
    context = {
        "report": report,
        "figures": figures,
        "parts": exports.sheets(figures),
        "form": form if may_write else None,
        "transitions": workflow.allowed(request.user, report),
        "comment_form": CommentForm(),
    }
    return render(request, "reports/report.html", context)


@login_required
@require_POST
def transition(request, slug, year, name):
    centre = get_object_or_404(Centre, slug=slug)
    if name not in Transition.values:
        raise Http404("Action inconnue.")
    report = workflow.report_of(centre, _year(year))
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        report = workflow.apply(report, name, request.user, comment)
    except workflow.ReportRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Rapport {report.year} : {report.get_status_display()}.")
    return redirect(report.get_absolute_url())


@login_required
@require_safe
def report_export(request, slug, year, fmt):
    report, figures = _opened(request, slug, year)
    name = f"rapport-{report.centre.slug}-{report.year}"
    if fmt == "pdf":
        context = {"report": report, "figures": figures, "parts": exports.sheets(figures)}
        return pdf_download(render_pdf("reports/print/report.html", context, request), name)
    if fmt == "ods":
        data = exports.as_ods(exports.sheets(figures, report.highlights))
        return as_download(HttpResponse(data, content_type=ODS), f"{name}.ods")
    return csv_download(exports.as_csv(figures, report.highlights), name)


def _network(request, year):
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    return network.network_report(_year(year))


@login_required
@require_safe
def network_page(request, year):
    found = _network(request, year)
    return render(request, "reports/network.html", {"network": found, "parts": network.sheets(found, False)})


@login_required
@require_safe
def network_export(request, year, fmt):
    found = _network(request, year)
    name = f"rapport-reseau-{found.year}"
    if fmt == "pdf":
        context = {"network": found, "parts": network.sheets(found, False)}
        return pdf_download(render_pdf("reports/print/network.html", context, request), name)
    if fmt == "ods":
        return as_download(HttpResponse(exports.as_ods(network.sheets(found)), content_type=ODS), f"{name}.ods")
    return csv_download(exports.parts_as_csv(network.sheets(found)), name)
