from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from passerelles.accounts.permissions import Action, can

from .enums import Status
from .forms import SheetFilterForm
from .models import ExperienceSheet

PAGE_SIZE = 20


def filtered_sheets(form):
    sheets = ExperienceSheet.objects.published().for_list()
    if not form.is_valid():
        return sheets
    data = form.cleaned_data
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


@require_GET
def sheet_list(request):
    form = SheetFilterForm(request.GET or None)
    page = Paginator(filtered_sheets(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "experiences/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "territory_choices": form.territory_choices()},
    )


@require_GET
def sheet_detail(request, slug):
    sheet = get_object_or_404(
        ExperienceSheet.objects.select_related("centre").prefetch_related(
            "territories__parent", "themes", "schemes", "publics", "budget_lines", "partners", "team"
        ),
        slug=slug,
    )
    if sheet.status != Status.PUBLISHED and not can(request.user, Action.VIEW_PRIVATE, sheet):
        raise Http404
    return render(request, "experiences/detail.html", {"sheet": sheet, "stale": sheet.is_stale()})
