"""Publications (with the text of their PDF documents) and harvested catalogue records in the
network search: published publications only, records not withdrawn at their source."""

from django.utils import timezone

from passerelles.search_index.engine import IndexDocument, day_number, timestamp
from passerelles.search_index.registry import SearchMapping, register, stable_number

from .models import CatalogueRecord, Contributor, Document, Publication, Series


@register
class PublicationSearch(SearchMapping):
    type = "publication"
    label = "Publication"
    label_plural = "Publications"
    date_label = "parue le"
    model = Publication

    def public_queryset(self):
        return Publication.objects.published()

    def watched_m2m(self):
        return [Publication.themes, Publication.schemes, Publication.publics, Publication.territories]

    def related(self):
        return {
            Document: lambda document: [document.publication_id],
            Contributor: lambda contributor: [contributor.publication_id],
            Series: lambda series: list(series.publications.values_list("pk", flat=True)),
        }

    def documents(self, queryset):
        publications = queryset.select_related("centre", "series").prefetch_related(
            "contributors", "documents", "themes", "schemes", "publics", "territories"
        )
        for publication in publications.iterator(chunk_size=500):
            documents = list(publication.documents.all())
            body = "\n".join(
                part
                for part in (
                    publication.thematic_file,
                    publication.series.title if publication.series_id else "",
                    publication.event_title,
                    *(f"{c.name} {c.affiliation}" for c in publication.contributors.all()),
                    *(f"{d.title}\n{d.text}" for d in documents),
                )
                if part
            )
            yield IndexDocument(
                key=self.key(publication.pk),
                type=self.type,
                url=publication.get_absolute_url(),
                title=publication.full_title,
                summary=publication.abstract,
                body=body,
                day=day_number(publication.publication_date),
                stable=stable_number(publication.slug),
                keywords={
                    "theme": [c.notation for c in publication.themes.all()],
                    "scheme": [c.notation for c in publication.schemes.all()],
                    "public": [c.notation for c in publication.publics.all()],
                    "centre": [publication.centre.slug],
                    "year": [str(publication.publication_date.year)],
                },
                territories=[t.key for t in publication.territories.all()],
                demo=publication.is_demo,
                published=timestamp(publication.published_at),
            )


@register
class CatalogueRecordSearch(SearchMapping):
    type = "catalogue"
    label = "Notice de catalogue"
    label_plural = "Notices de catalogue"
    date_label = "notice du"
    model = CatalogueRecord

    def public_queryset(self):
        return CatalogueRecord.objects.public()

    def documents(self, queryset):
        for record in queryset.select_related("centre").iterator(chunk_size=2000):
            dc = record.dublin_core or {}

            def values(element, dc=dc):
                return [str(value) for value in dc.get(element, []) if value]

            yield IndexDocument(
                key=self.key(record.pk),
                type=self.type,
                url=record.get_absolute_url(),
                title=record.title,
                summary="\n".join(values("description"))[:5000],
                body="\n".join(
                    values("creator")
                    + values("contributor")
                    + values("subject")
                    + values("coverage")
                    + values("publisher")
                    + values("source")
                ),
                day=day_number(timezone.localdate(record.datestamp)),
                stable=stable_number(f"{record.source_id}:{record.oai_identifier}"),
                keywords={
                    "centre": [record.centre.slug],
                    "year": _year(values("date")) or [str(record.datestamp.year)],
                },
                published=timestamp(record.harvested_at),  # when it reached the network
            )


def _year(dates):
    """The year of the first Dublin Core date that starts with one ("2002-12", "2002")."""
    for value in dates:
        if value[:4].isdigit():
            return [value[:4]]
    return []
