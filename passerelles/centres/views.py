"""Public pages of the directory. Their content is cached under the directory's version
(see core.fragments): a hit costs one plain query, a miss a fixed number of queries."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from passerelles.core.fragments import cached_fragment, cached_response, fragment_page
from passerelles.core.jsonld import script
from passerelles.territories.enums import Kind
from passerelles.territories.services.lookup import resolve_commune
from passerelles.territories.urban_policy import outside_urban_policy

from . import jsonld, pages
from .enums import Coverage, Fact, Status
from .forms import CommuneLookupForm, DirectoryFilterForm
from .models import Centre
from .services.coverage import national_coverage
from .services.freshness import directory_version
from .services.map import france_map, perimeter_map


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
        return {"form": form, "centres": centres.listed(), "Fact": Fact}, "Les centres de ressources"

    vary = request.GET.get("region", ""), request.GET.get("overseas", "")
    return page(request, "directory", vary, "centres/fragments/directory.html", build)


@require_safe
def detail(request, slug):
    """The centre's identity and perimeter (directory data), then its activity (pages.sections)."""

    def build():
        centre = get_object_or_404(Centre.objects.for_directory(), slug=slug)
        described = script(jsonld.organisation(centre, request.build_absolute_uri))
        return {"centre": centre, "Fact": Fact, "map": perimeter_map(centre), "jsonld": described}, centre.display_name

    fragment = cached_fragment("centre", directory_version(), slug, "centres/fragments/detail.html", build, request)
    context = {"fragment": fragment, "sections": pages.sections(request, slug)}
    return render(request, "centres/detail.html", context)


@require_safe
def perimeter_svg(request, slug):
    """A centre's perimeter on the national map, an image of its own: the centre's page stays light
    (the map's paths weigh 120 KB) and browsers keep the image."""

    def respond():
        centre = get_object_or_404(Centre.objects.prefetch_related("perimeter"), slug=slug)
        svg = render_to_string("centres/perimeter.svg", {"centre": centre, "map": perimeter_map(centre)})
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")

    return cached_response(request, f"perimeter:{slug}", directory_version(), respond)


@require_safe
def lookup(request):
    query, code = request.GET.get("q", "").strip(), request.GET.get("commune", "").strip()[:10]
    version = directory_version()

    def build():
        form = CommuneLookupForm(request.GET or None)
        resolution = covering = None
        title = "Quel centre couvre ma commune ?"
        if form.is_valid() and "q" in request.GET and not (query or code):
            form.add_error("q", "Indiquez le nom de votre commune, son code postal ou son code INSEE.")
        if form.is_bound and not form.is_valid():
            return {"form": form, "resolution": None, "covering": None}, f"Erreur – {title}"
        if query or code:
            resolution = resolve_commune(form.cleaned_data["q"], code)
            if place := resolution.commune or (resolution.area if not resolution.candidates else None):
                if departement := place.departement:
                    commune = place.kind in (Kind.COMMUNE, Kind.ARRONDISSEMENT)
                    covering = covering_fragment(request, version, departement, commune)
                title = f"{place.label} — {title}"
        return {"form": form, "resolution": resolution, "covering": covering}, title

    fragment = cached_fragment("lookup", version, (query, code), "centres/fragments/lookup.html", build, request)
    return fragment_page(request, fragment)


def covering_fragment(request, version, departement, commune=True):
    """The answer for a commune (or a département typed by name), shared by all the communes of its
    département: perimeters are made of régions and départements, so its communes share their centres."""

    def build():
        centres = Centre.objects.of_area(departement).for_directory().listed()
        covering = [c for c in centres if c.is_covering]
        confirmed = [c for c in covering if c.is_active and Fact.PERIMETER not in c.unverified_facts]
        outside = outside_urban_policy(departement)
        context = {
            "departement": departement,
            "place": "cette commune" if commune else "ce territoire",
            "outside_urban_policy": outside,
            "centres": covering,
            "confirmed": confirmed,
            "planned": [c for c in centres if c.status == Status.PLANNED],
            "historical": [c for c in centres if c.status == Status.HISTORICAL],
            "nearby": [] if covering or outside else Centre.objects.nearby(departement).listed(),
            "network_email": settings.PASSERELLES["CONTACT_EMAIL"],
            "Fact": Fact,
        }
        return context, ""

    vary = (departement.pk, commune)
    return cached_fragment("covering", version, vary, "centres/fragments/covering.html", build, request)


@require_safe
def coverage(request):
    def build():
        national = national_coverage()
        context = {"coverage": national, "map": france_map(national), "Coverage": Coverage}
        return context, "Couverture du territoire"

    return page(request, "coverage", "", "centres/fragments/coverage.html", build)
