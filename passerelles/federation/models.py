"""The agendas (iCalendar) and news feeds (RSS, Atom) of the centres' own websites, and what the
network harvested from them: events for the agenda and the search, news items for the search. Each
harvested row is known by its identifier at the source (UID and RECURRENCE-ID, GUID), never twice."""

import datetime

from django.db import models
from django.utils import timezone

from passerelles.centres.models import Centre

from .enums import FeedKind, HarvestStatus

HARVEST_PENDING_FOR = datetime.timedelta(minutes=10)


class FeedSource(models.Model):
    """A feed of a centre's website, and the result of its last harvest (shown to the centre's staff)."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="feed_sources")
    kind = models.CharField("type de flux", max_length=10, choices=FeedKind.choices)
    url = models.URLField("adresse du flux", max_length=1000)
    label = models.CharField("nom du flux", max_length=200)
    active = models.BooleanField("moissonné automatiquement", default=True)
    etag = models.CharField("ETag de la dernière réponse", max_length=500, blank=True)
    last_modified = models.CharField("Last-Modified de la dernière réponse", max_length=100, blank=True)
    last_checked_at = models.DateTimeField("dernière moisson", null=True, blank=True)
    harvest_requested_at = models.DateTimeField("moisson demandée le", null=True, blank=True)
    last_status = models.CharField(
        "résultat de la dernière moisson", max_length=10, choices=HarvestStatus.choices, blank=True
    )
    last_message = models.TextField("message de la dernière moisson", blank=True)
    last_added = models.PositiveIntegerField("ajoutés", default=0)
    last_updated = models.PositiveIntegerField("mis à jour", default=0)
    last_removed = models.PositiveIntegerField("retirés", default=0)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "flux d'un centre"
        verbose_name_plural = "flux des centres"
        ordering = ["centre__name", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "url"],
                name="feed_source_unique_url",
                violation_error_message="Ce centre a déjà enregistré ce flux.",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.centre})"

    @property
    def is_calendar(self):
        return self.kind == FeedKind.ICALENDAR

    def harvest_pending(self, now: datetime.datetime | None = None) -> bool:
        """A harvest was asked for (« Actualiser maintenant » or the clock) and has not run yet.
        A request older than HARVEST_PENDING_FOR no longer counts: its task was lost."""
        now = now or timezone.now()
        requested = self.harvest_requested_at
        if requested is None or requested <= now - HARVEST_PENDING_FOR:
            return False
        return self.last_checked_at is None or self.last_checked_at < requested


class HarvestedEventQuerySet(models.QuerySet):
    def upcoming(self):
        """Not over yet (from the start of today, Paris time), of a source still harvested."""
        start_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
        return self.filter(ends_at__gt=start_of_day, source__active=True)

    def for_list(self):
        return self.select_related("centre", "source").order_by("starts_at", "pk")


class HarvestedEvent(models.Model):
    """An event published on a centre's website: one occurrence (a recurring event gives one row per
    occurrence in the coming year, keyed by its RECURRENCE-ID)."""

    source = models.ForeignKey(FeedSource, verbose_name="flux", on_delete=models.CASCADE, related_name="events")
    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="harvested_events")
    uid = models.CharField("UID", max_length=500)
    recurrence_id = models.CharField("RECURRENCE-ID", max_length=40, blank=True)
    title = models.CharField("titre", max_length=500)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    all_day = models.BooleanField("sur la journée", default=False)
    location = models.CharField("lieu", max_length=500, blank=True)
    description = models.TextField("description", blank=True)
    url = models.URLField("adresse sur le site du centre", max_length=1000, blank=True)
    seen_at = models.DateTimeField("vu pour la dernière fois le")

    objects = HarvestedEventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement moissonné"
        verbose_name_plural = "événements moissonnés"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "uid", "recurrence_id"], name="harvested_event_unique")
        ]
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="harvested_event_when")]

    def __str__(self):
        return self.title

    @property
    def last_day(self):
        """The last day a day event covers (its end is the midnight after it)."""
        return timezone.localtime(self.ends_at - datetime.timedelta(seconds=1)).date()

    @property
    def link(self):
        """Where the event is read: its page on the centre's site, or the site's agenda feed."""
        return self.url or self.source.url


class HarvestedNews(models.Model):
    """A news item of a centre's website."""

    source = models.ForeignKey(FeedSource, verbose_name="flux", on_delete=models.CASCADE, related_name="news")
    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="harvested_news")
    guid = models.CharField("identifiant à la source", max_length=1000)
    title = models.CharField("titre", max_length=500)
    summary = models.TextField("résumé", blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    url = models.URLField("adresse sur le site du centre", max_length=1000, blank=True)
    seen_at = models.DateTimeField("vue pour la dernière fois le")

    class Meta:
        verbose_name = "actualité moissonnée"
        verbose_name_plural = "actualités moissonnées"
        ordering = ["-published_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "guid"], name="harvested_news_unique")]

    def __str__(self):
        return self.title
