"""The sitemap of the public site (sitemaps.org, Django's sitemaps framework): an index at
/sitemap.xml naming one file per section, each cut in pages of 50,000 addresses as the protocol
allows. Only what anyone may read: published sheets and publications, sessions and cycles published
in the agenda (never one reached by an invitation link only), series with a published issue, every
centre and concept. Harvested catalogue records and news live on the centres' own sites: not listed.

Each section's items are read in one query whatever their number; the files are kept under the
version of the data they list (core.fragments.cached_response)."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import InvalidPage
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape

from passerelles.centres.models import Centre
from passerelles.core.versions import DataVersion
from passerelles.editorial.workflow import Status
from passerelles.events.models import Cycle, Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.funding.models import PublishedAllocation
from passerelles.publications.models import Publication, Series
from passerelles.thesaurus.models import Concept

# The public pages that list, look up or explain (the « Plan du site », less the sign-in pages, kept
# out by robots.txt, and the files: feeds, calendars, exports, dumps).
PAGES = [
    "website:home",
    "centres:directory",
    "centres:lookup",
    "centres:coverage",
    "experiences:list",
    "publications:latest",
    "publications:series_list",
    "events:agenda",
    "search:results",
    "thesaurus:index",
    "indicators:public",
    "framework:reference",
    "framework:accreditations",
    "funding:published_list",
    "opendata:index",
    "api:openapi-view",  # the API's documentation page
    "website:accessibility",
    "website:legal_notice",
    "website:personal_data",
    "website:contact",
    "website:site_map",
]

URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{}\n</urlset>\n'
KEY = "cle-de-la-ligne"  # stands for a row's key in the address reversed once per file

_listed = DataVersion(
    "sitemap",
    [
        (Centre, ["updated_at"]),
        (ExperienceSheet, ["updated_at"]),
        (Publication, ["updated_at"]),
        (Series, ["updated_at"]),
        (Session, ["updated_at"]),
        (Cycle, ["updated_at"]),
        (Concept, []),
        (PublishedAllocation, ["published_at"]),
    ],
)


def sitemap_version() -> str:
    return _listed.get()


class PageSitemap(Sitemap):
    """The site's own pages, and the allocations of the State's envelope published year by year."""

    def items(self):
        allocations = PublishedAllocation.objects.order_by("-year").values_list("year", "published_at")
        pages = [(reverse(name), None) for name in PAGES]
        return pages + [(reverse("funding:published", args=[year]), when) for year, when in allocations]

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return None  # most pages carry no date of change


class RowSitemap(Sitemap):
    """One page per row of a queryset, read as (key, date) pairs: `url_name` reversed once per file,
    each row's key put in its place (reversing each of 50,000 addresses would take most of the time)."""

    url_name = ""
    key = "slug"
    date_field: str | None = "updated_at"  # None: no date to give

    def rows(self):
        raise NotImplementedError

    def items(self):
        fields = (self.key, self.date_field) if self.date_field else (self.key,)
        return self.rows().order_by("pk").values_list(*fields)

    @cached_property
    def address(self):
        return reverse(self.url_name, args=[KEY])

    def location(self, item):
        return self.address.replace(KEY, item[0])  # a slug: nothing to quote

    def lastmod(self, item):
        return item[1] if self.date_field else None

    def get_latest_lastmod(self):
        if not self.date_field:
            return None
        return self.rows().aggregate(latest=Max(self.date_field))["latest"]


class CentreSitemap(RowSitemap):
    url_name = "centres:detail"

    def rows(self):
        return Centre.objects.all()


class SheetSitemap(RowSitemap):
    url_name = "experiences:detail"

    def rows(self):
        return ExperienceSheet.objects.published()


class PublicationSitemap(RowSitemap):
    url_name = "publications:detail"

    def rows(self):
        return Publication.objects.published()


class SessionSitemap(RowSitemap):
    url_name = "events:session"

    def rows(self):
        return Session.objects.public()


class CycleSitemap(RowSitemap):
    url_name = "events:cycle"

    def rows(self):
        return Cycle.objects.public()


class ConceptSitemap(RowSitemap):
    url_name = "thesaurus:concept"
    key = "notation"
    date_field = None  # concepts carry no date of change

    def rows(self):
        return Concept.objects.all()


class SeriesSitemap(RowSitemap):
    """The series with a published issue (as their list shows them), dated by their latest change or
    their latest issue's."""

    url_name = "publications:series"

    def rows(self):
        published = Q(publications__status=Status.PUBLISHED)
        return Series.objects.annotate(latest_issue=Max("publications__updated_at", filter=published)).filter(
            latest_issue__isnull=False
        )

    def items(self):
        return self.rows().order_by("pk").values_list("slug", Greatest("updated_at", "latest_issue"))

    def get_latest_lastmod(self):
        return max((when for _slug, when in self.items()), default=None)


SECTIONS = {
    "pages": PageSitemap,
    "centres": CentreSitemap,
    "fiches": SheetSitemap,
    "publications": PublicationSitemap,
    "series": SeriesSitemap,
    "sessions": SessionSitemap,
    "cycles": CycleSitemap,
    "thesaurus": ConceptSitemap,
}


def section_file(request, section):
    """One file of a section, `?p=2` for its second page: written directly rather than through
    Django's template, which takes ten times as long for 50,000 addresses."""
    if section not in SECTIONS:
        raise Http404("Aucune rubrique de ce nom dans le plan du site.")
    try:
        urls = SECTIONS[section]().get_urls(request.GET.get("p", 1), RequestSite(request), request.scheme)
    except InvalidPage:
        raise Http404("Cette page du plan du site n'existe pas.") from None
    lines = [f"<url><loc>{escape(url['location'])}</loc>{lastmod(url['lastmod'])}</url>" for url in urls]
    return HttpResponse(URLSET.format("\n".join(lines)), content_type="application/xml")


def lastmod(when):
    if when is None:
        return ""
    day = timezone.localdate(when) if isinstance(when, datetime) else when
    return f"<lastmod>{day.isoformat()}</lastmod>"
