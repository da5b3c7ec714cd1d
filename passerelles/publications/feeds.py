"""RSS 2.0 and Atom feeds of the latest publications, for the network and per centre
(Django's syndication framework). Django's feeds raise on a control character: every value goes
through core.text first, so that text stored before it was cleaned cannot break a feed."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from passerelles.centres.models import Centre
from passerelles.core.fragments import cached_response
from passerelles.core.text import clean_line, clean_text

from .models import Publication
from .services.freshness import publications_version

FEED_SIZE = 30


class CleanText:
    """A feed generator that writes cleaned text: titles, names and categories on one line."""

    ONE_LINE = {"title", "subtitle", "author_name"}

    def _cleaned(self, values):
        def clean(key, value):
            if key == "categories" and value:
                return [clean_line(str(category)) for category in value]
            return clean_line(value) if key in self.ONE_LINE else clean_text(value)

        return {key: clean(key, value) for key, value in values.items()}

    def __init__(self, **kwargs):
        super().__init__(**self._cleaned(kwargs))

    def add_item(self, **kwargs):
        super().add_item(**self._cleaned(kwargs))


class CleanRss(CleanText, Rss201rev2Feed):
    pass


class CleanAtom(CleanText, Atom1Feed):
    pass


class LatestRss(Feed):
    feed_type = CleanRss
    description = "Les dernières publications des centres de ressources politique de la ville."

    @classmethod
    def view(cls, request, slug=None):
        """One feed object per request: it keeps the request to make document addresses absolute.
        Built once per version of the publications (core.fragments.cached_response)."""
        return cached_response(
            request, f"{cls.__name__}:{slug}", publications_version(), lambda: cls()(request, slug=slug)
        )

    def get_object(self, request, slug=None):
        self.request = request
        return get_object_or_404(Centre, slug=slug) if slug else None

    def title(self, centre):
        site = settings.PASSERELLES["SITE_TITLE"]
        return f"{site} — publications de {centre.display_name}" if centre else f"{site} — dernières publications"

    def link(self, centre):
        url = reverse("publications:latest")
        return f"{url}?centre={centre.slug}" if centre else url

    def items(self, centre):
        publications = Publication.objects.published().for_list().prefetch_related("contributors", "themes")
        if centre:
            publications = publications.filter(centre=centre)
        return publications.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.full_title

    def item_description(self, item):
        return item.abstract

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [c.name for c in item.contributors.all()]
        return ", ".join(names) or item.centre.display_name

    def item_categories(self, item):
        return [item.get_kind_display(), *(theme.pref_label for theme in item.themes.all())]

    def item_enclosures(self, item):
        """RSS allows one enclosure per item (the first document); Atom takes them all."""
        enclosures = [
            Enclosure(self.request.build_absolute_uri(d.get_absolute_url()), str(d.size), "application/pdf")
            for d in item.documents.all()
        ]
        return enclosures if self.feed_type is CleanAtom else enclosures[:1]


class LatestAtom(LatestRss):
    feed_type = CleanAtom
    subtitle = LatestRss.description
