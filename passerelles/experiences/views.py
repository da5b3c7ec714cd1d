from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from passerelles.accounts.permissions import public_or_404
from passerelles.core import throttle
from passerelles.core.downloads import as_download, pdf_download
from passerelles.core.fragments import cached_page
from passerelles.core.jsonld import script
from passerelles.core.pdf import render_pdf
from passerelles.core.uploads import serve_file

from . import jsonld
from .enums import Status
from .forms import SheetFilterForm
from .models import Attachment, ExperienceSheet
from .services.compare import MAX_SHEETS, ComparisonError, comparison_rows, sheets_to_compare
from .services.exports import published_for_export, sheet_record, to_csv
from .services.freshness import sheets_version

PAGE_SIZE = 20
PDF_LIMIT = (
    "Trop de PDF ont été demandés depuis votre connexion : réessayez dans {wait}. En attendant, la version "
    "imprimable reste consultable, et votre navigateur peut l'enregistrer en PDF."
)


def filtered_sheets(form):
    sheets = ExperienceSheet.objects.published().for_list()
    if not form.is_bound:
        return sheets
    form.is_valid()  # a bad filter is reported and ignored; the valid ones still apply
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    if data["q"]:
        sheets = sheets.filter(Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"]))
    for name in ("theme", "scheme", "public"):
        if data[name]:
            sheets = sheets.filter(**{f"{name}s": data[name]})
    if data["centre"]:
        sheets = sheets.filter(centre=data["centre"])
    if data["territoire"]:
        sheets = sheets.filter(pk__in=ExperienceSheet.objects.in_territory(data["territoire"]).values("pk"))
    if year := data["annee"]:
        sheets = sheets.filter(Q(start_date__year__lte=year) | Q(start_date__isnull=True)).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )
    return sheets


@require_safe
def sheet_list(request):
    def build():
        form = SheetFilterForm(request.GET or None)
        page = Paginator(filtered_sheets(form), PAGE_SIZE).get_page(request.GET.get("page"))
        selected = list(dict.fromkeys(request.GET.getlist("fiches")))[:MAX_SHEETS]
        on_page = {sheet.slug for sheet in page}
        filters = [(k, v) for k, values in request.GET.lists() if k not in ("page", "fiches") for v in values]
        current = form.cleaned_data.get("territoire") if form.is_bound and hasattr(form, "cleaned_data") else None
        return {
            "form": form,
            "page": page,
            "territory_choices": form.territory_choices(),
            "extra_territory": current if current and current.kind not in ("region", "departement") else None,
            "bad_filters": [form.fields[name].label for name in form.errors],
            # The comparison selection survives paging: pages are submitted with the selection form.
            "selected": selected,
            "selected_elsewhere": [slug for slug in selected if slug not in on_page],
            "filters": filters,
        }

    return cached_page(request, "sheets", sheets_version(), "experiences/list.html", build)


def visible_sheet(request, slug):
    sheets = ExperienceSheet.objects.select_related("centre").prefetch_related(
        "territories__parent", "themes", "schemes", "publics", "budget_lines", "partners", "team", "attachments"
    )
    return public_or_404(request.user, sheets, lambda found: found.status == Status.PUBLISHED, slug=slug)


@require_safe
def sheet_detail(request, slug):
    def build():
        sheet = visible_sheet(request, slug)
        publications = sheet.publications.published().select_related("series")
        described = script(jsonld.sheet_work(sheet, request.build_absolute_uri))
        return {"sheet": sheet, "stale": sheet.is_stale(), "publications": publications, "jsonld": described}

    return cached_page(request, f"sheet:{slug}", sheets_version(), "experiences/detail.html", build)


def pdf_refusal(request, alternative_url):
    """A PDF is built on demand, seconds of a worker each: a visitor gets a limited number per hour
    (PDF_CLIENT); the signed-in staff of the centres and the network are not limited. None when the
    PDF may be built."""
    user = request.user
    if user.is_authenticated and (user.is_superuser or user.is_national_animator or user.memberships.exists()):
        return None
    try:
        throttle.check_client(request, "PDF_CLIENT", PDF_LIMIT)
    except throttle.Throttled as limited:
        context = {
            "message": limited.message,
            "alternative_url": alternative_url,
            "alternative_label": "Voir la version imprimable",
        }
        response = render(request, "core/throttled.html", context, status=429)
        response["Retry-After"] = str(throttle.limit("PDF_CLIENT").seconds)
        return response
    return None


@require_safe
def sheet_print(request, slug, pdf=False):
    if pdf and (refused := pdf_refusal(request, reverse("experiences:print", args=[slug]))):
        return refused
    sheet = visible_sheet(request, slug)
    context = {"sheet": sheet, "rows": comparison_rows([sheet])}
    if not pdf:
        return render(request, "experiences/print/sheet.html", context)
    return pdf_download(render_pdf("experiences/print/sheet.html", context, request), sheet.slug)


@require_safe
def compare(request, pdf=False):
    if pdf and (refused := pdf_refusal(request, f"{reverse('experiences:compare')}?{request.GET.urlencode()}")):
        return refused
    try:
        sheets = sheets_to_compare(request.GET.getlist("fiches"), ExperienceSheet.objects.published())
    except ComparisonError as error:
        return render(request, "experiences/compare_error.html", {"error": error, "max": MAX_SHEETS}, status=400)
    context = {"sheets": sheets, "rows": comparison_rows(sheets), "query": request.GET.urlencode()}
    if pdf:
        return pdf_download(render_pdf("experiences/print/comparison.html", context, request), "comparaison")
    return render(request, "experiences/compare.html", context)


@require_safe
def export(request, format):
    records = [sheet_record(s, request.build_absolute_uri(s.get_absolute_url())) for s in published_for_export()]
    if format == "json":
        response = JsonResponse(
            {"licence": "CC BY 4.0 sauf mention contraire", "fiches": records},
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    else:
        response = HttpResponse(to_csv(records), content_type="text/csv; charset=utf-8")
    return as_download(response, f"fiches-experience.{format}")


@require_safe
def attachment(request, slug, pk):
    """Attachments are served through the sheet's own visibility rule, never as public media."""
    sheet = visible_sheet(request, slug)
    item = get_object_or_404(Attachment, pk=pk, sheet=sheet)
    return serve_file(request, item.file, item.checked_pdf, back_url=sheet.get_absolute_url())
