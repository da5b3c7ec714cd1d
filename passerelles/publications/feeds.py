"""RSS 2.0 and Atom feeds of the latest publications, for the network and per centre
(Django's syndication framework)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure

from passerelles.centres.models import Centre

from .models import Publication

FEED_SIZE = 30


class LatestRss(Feed):
    description = "Les dernières publications des centres de ressources politique de la ville."

    @classmethod
    def view(cls, request, slug=None):
        """One feed object per request: it keeps the request to make document addresses absolute."""
        return cls()(request, slug=slug)

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
        return enclosures if self.feed_type is Atom1Feed else enclosures[:1]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
