"""Harvested events and news items in the network search, attributed to their centre, their link
leading back to the centre's website; those of a suspended feed are left out."""

from django.utils import timezone

from passerelles.search_index.engine import IndexDocument, day_number, timestamp
from passerelles.search_index.registry import SearchMapping, register, stable_number

from .models import FeedSource, HarvestedEvent, HarvestedNews
from .services.harvest import EVENT_SEARCH, NEWS_SEARCH


@register
class HarvestedEventSearch(SearchMapping):
    type = EVENT_SEARCH
    label = "Événement sur le site d'un centre"
    label_plural = "Événements sur les sites des centres"
    date_label = "le"
    model = HarvestedEvent

    def public_queryset(self):
        return HarvestedEvent.objects.filter(source__active=True)

    def related(self):
        return {FeedSource: lambda source: list(source.events.values_list("pk", flat=True))}

    def documents(self, queryset):
        for event in queryset.select_related("centre", "source").iterator(chunk_size=2000):
            starts = timezone.localtime(event.starts_at).date()
            yield IndexDocument(
                key=self.key(event.pk),
                type=self.type,
                url=event.link,
                title=event.title,
                summary=event.description[:5000],
                body="\n".join(
                    part for part in (event.location, f"Publié sur le site de {event.centre.display_name}") if part
                ),
                day=day_number(starts),
                stable=stable_number(f"{event.source_id}:{event.uid}:{event.recurrence_id}"),
                keywords={"centre": [event.centre.slug], "year": [str(starts.year)]},
                published=timestamp(event.seen_at),
            )


@register
class HarvestedNewsSearch(SearchMapping):
    type = NEWS_SEARCH
    label = "Actualité sur le site d'un centre"
    label_plural = "Actualités sur les sites des centres"
    date_label = "publiée le"
    model = HarvestedNews

    def public_queryset(self):
        return HarvestedNews.objects.filter(source__active=True)

    def related(self):
        return {FeedSource: lambda source: list(source.news.values_list("pk", flat=True))}

    def documents(self, queryset):
        for item in queryset.select_related("centre", "source").iterator(chunk_size=2000):
            moment = item.published_at or item.seen_at
            day = timezone.localtime(moment).date()
            yield IndexDocument(
                key=self.key(item.pk),
                type=self.type,
                url=item.url or item.source.url,
                title=item.title,
                summary=item.summary,
                body=f"Publiée sur le site de {item.centre.display_name}",
                day=day_number(day),
                stable=stable_number(f"{item.source_id}:{item.guid}"),
                keywords={"centre": [item.centre.slug], "year": [str(day.year)]},
                published=timestamp(moment),
            )
