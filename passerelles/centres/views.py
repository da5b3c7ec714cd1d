from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from passerelles.territories.services.lookup import resolve_commune

from .enums import Coverage, Fact
from .forms import CommuneLookupForm, DirectoryFilterForm
from .models import Centre
from .services.coverage import national_coverage
from .services.map import france_map


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    centres = Centre.objects.for_directory().order_by(Centre.objects.status_order(), "name")
    if form.is_valid():
        if region := form.cleaned_data["region"]:
            centres = centres.filter(pk__in=Centre.objects.in_region(region).values("pk"))
        if overseas := form.cleaned_data["overseas"]:
            centres = centres.filter(overseas=overseas == "oui")
    return render(request, "centres/directory.html", {"form": form, "centres": centres, "Fact": Fact})


@require_GET
def detail(request, slug):
    centre = get_object_or_404(Centre.objects.for_directory(), slug=slug)
    return render(request, "centres/detail.html", {"centre": centre, "Fact": Fact})


@require_GET
def lookup(request):
    form = CommuneLookupForm(request.GET or None)
    resolution = None
    centres = planned = []
    if form.is_valid() and (form.cleaned_data["q"] or request.GET.get("commune")):
        resolution = resolve_commune(form.cleaned_data["q"], request.GET.get("commune", ""))
        if resolution.commune:
            centres = list(Centre.objects.covering(resolution.commune).for_directory())
            if not centres:
                planned = list(Centre.objects.planned_for(resolution.commune))
    return render(
        request,
        "centres/lookup.html",
        {"form": form, "resolution": resolution, "centres": centres, "planned": planned, "Fact": Fact},
    )


@require_GET
def coverage(request):
    national = national_coverage()
    return render(
        request,
        "centres/coverage.html",
        {"coverage": national, "map": france_map(national), "Coverage": Coverage},
    )
