"""Public pages of the directory. Their content is cached under the directory's version
(see core.fragments): a hit costs one plain query, a miss a fixed number of queries."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from passerelles.core.fragments import cached_fragment, fragment_page
from passerelles.territories.services.lookup import resolve_commune

from .enums import Coverage, Fact
from .forms import CommuneLookupForm, DirectoryFilterForm
from .models import Centre
from .services.coverage import national_coverage
from .services.freshness import directory_version
from .services.map import france_map


def page(request, name, vary, template, build_context):
    fragment = cached_fragment(name, directory_version(), vary, template, build_context, request)
    return fragment_page(request, fragment)


@require_safe
def directory(request):
    def build():
        form = DirectoryFilterForm(request.GET or None)
        centres = Centre.objects.for_directory().order_by(Centre.objects.status_order(), "name")
        if form.is_valid():
            if region := form.cleaned_data["region"]:
                centres = centres.filter(pk__in=Centre.objects.in_region(region).values("pk"))
            if overseas := form.cleaned_data["overseas"]:
                centres = centres.filter(overseas=overseas == "oui")
        return {"form": form, "centres": centres, "Fact": Fact}, "Les centres de ressources"

    vary = request.GET.get("region", ""), request.GET.get("overseas", "")
    return page(request, "directory", vary, "centres/fragments/directory.html", build)


@require_safe
def detail(request, slug):
    def build():
        centre = get_object_or_404(Centre.objects.for_directory(), slug=slug)
        return {"centre": centre, "Fact": Fact}, centre.display_name

    return page(request, "centre", slug, "centres/fragments/detail.html", build)


@require_safe
def lookup(request):
    query, code = request.GET.get("q", "").strip(), request.GET.get("commune", "").strip()[:10]
    version = directory_version()

    def build():
        form = CommuneLookupForm(request.GET or None)
        resolution = covering = None
        if form.is_valid() and (query or code):
            resolution = resolve_commune(form.cleaned_data["q"], code)
            if resolution.commune:
                covering = covering_fragment(request, version, resolution.commune)
        title = "Quel centre couvre ma commune ?"
        if resolution and resolution.commune:
            title = f"{resolution.commune.label} — {title}"
        return {"form": form, "resolution": resolution, "covering": covering}, title

    fragment = cached_fragment("lookup", version, (query, code), "centres/fragments/lookup.html", build, request)
    return fragment_page(request, fragment)


def covering_fragment(request, version, commune):
    """The centres covering a commune, shared by all the communes of its département: perimeters
    are made of régions and départements, so a département's communes share their centres."""
    departement = commune.departement

    def build():
        centres = list(Centre.objects.covering(departement).for_directory())
        planned = [] if centres else list(Centre.objects.planned_for(departement))
        return {"centres": centres, "planned": planned, "Fact": Fact}, ""

    return cached_fragment("covering", version, departement.pk, "centres/fragments/covering.html", build, request)


@require_safe
def coverage(request):
    def build():
        national = national_coverage()
        context = {"coverage": national, "map": france_map(national), "Coverage": Coverage}
        return context, "Couverture du territoire"

    return page(request, "coverage", "", "centres/fragments/coverage.html", build)
