"""Public pages of the publications: the latest issues, the series, a publication with its
documents and Dublin Core description, the harvested catalogue records."""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from passerelles.accounts.permissions import Action, can, public_or_404
from passerelles.core import collation
from passerelles.core.fragments import cached_page
from passerelles.core.jsonld import script
from passerelles.core.uploads import serve_file
from passerelles.editorial.workflow import Status
from passerelles.experiences.models import ExperienceSheet

from . import jsonld
from .forms import LatestFilterForm
from .models import CatalogueRecord, Document, Publication, Series
from .services import dublin_core
from .services.freshness import publications_version

PAGE_SIZE = 20


@require_safe
def latest(request):
    """The latest issues and publications of the network, newest first; by type or centre."""

    def build():
        form = LatestFilterForm(request.GET or None)
        publications = Publication.objects.published().for_list()
        if form.is_bound and form.is_valid():
            if kind := form.cleaned_data["kind"]:
                publications = publications.filter(kind=kind)
            if centre := form.cleaned_data["centre"]:
                publications = publications.filter(centre=centre)
        page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
        return {"form": form, "page": page}

    return cached_page(request, "publications", publications_version(), "publications/latest.html", build)


@require_safe
def series_list(request):
    def build():
        published = Q(publications__status=Status.PUBLISHED)
        series = (
            Series.objects.select_related("centre")
            .annotate(
                issues=Count("publications", filter=published),
                latest_issue=Max("publications__publication_date", filter=published),
            )
            .filter(issues__gt=0)
        )
        series = collation.sorted_by(series, key=lambda one: (one.centre.name, one.title))
        return {"series_list": series}

    return cached_page(request, "series_list", publications_version(), "publications/series_list.html", build)


@require_safe
def series(request, slug):
    def build():
        series = get_object_or_404(Series.objects.select_related("centre"), slug=slug)
        issues = series.publications.published().for_list()
        page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
        described = script(jsonld.series_work(series, request.build_absolute_uri))
        return {"series": series, "page": page, "jsonld": described}

    return cached_page(request, f"series:{slug}", publications_version(), "publications/series.html", build)


def visible_publication(request, slug):
    publications = Publication.objects.select_related("centre", "series", "session").prefetch_related(
        "contributors",
        "documents",
        "themes",
        "schemes",
        "publics",
        "territories__parent",
        Prefetch("related_sheets", queryset=ExperienceSheet.objects.published()),
    )
    return public_or_404(request.user, publications, lambda found: found.status == Status.PUBLISHED, slug=slug)


@require_safe
def detail(request, slug):
    def build():
        publication = visible_publication(request, slug)
        record = dublin_core.describe(publication, request.build_absolute_uri)
        return {
            "publication": publication,
            "documents": publication.documents.all(),
            "dublin_core": dublin_core.rows(record),
            "may_view_private": can(request.user, Action.VIEW_PRIVATE, publication),
            "jsonld": script(jsonld.publication_work(publication, request.build_absolute_uri)),
        }

    return cached_page(request, f"publication:{slug}", publications_version(), "publications/detail.html", build)


@require_safe
def document(request, slug, pk):
    """Documents are served through their publication's visibility rule, never as public media."""
    publication = visible_publication(request, slug)
    item = get_object_or_404(Document, pk=pk, publication=publication)
    return serve_file(request, item.file, item.checked_pdf, "application/pdf", publication.get_absolute_url())


@require_safe
def record(request, pk):
    record = get_object_or_404(CatalogueRecord.objects.public().select_related("centre", "source"), pk=pk)
    rows = dublin_core.rows(record.dublin_core)
    return render(request, "publications/record.html", {"record": record, "dublin_core": rows})
