"""Each sent issue becomes a publication of its centre's newsletter series (created if the centre
has none), so it shows on the series' page, in the feeds, over OAI-PMH and in the network search."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core.slugs import unique_slug
from passerelles.editorial.workflow import Status
from passerelles.publications.enums import Kind
from passerelles.publications.models import RESERVED_SLUGS, Publication, Series

from ..models import Issue
from .compose import editorial_text, site_url


def newsletter_series(centre: Centre) -> Series:
    """The centre's newsletter series: its first one, or a new one."""
    series = Series.objects.filter(centre=centre, kind=Kind.NEWSLETTER).order_by("pk").first()
    if series is None:
        title = f"La lettre de {centre.short_name or centre.name}"
        series = Series.objects.create(
            centre=centre,
            title=title[:200],
            slug=unique_slug(Series, title, RESERVED_SLUGS, "lettre"),
            kind=Kind.NEWSLETTER,
            description=f"La lettre d'information de {centre.display_name}.",
        )
    return series


def abstract(issue: Issue) -> str:
    """The archive's text: the editorial, then the items' titles (what the search finds)."""
    parts = [editorial_text(issue.editorial)]
    items = list(issue.items.all())
    if items:
        parts.append("Au sommaire :\n" + "\n".join(f"- {item.title} ({item.source})" for item in items))
    return "\n\n".join(part for part in parts if part) or issue.title


def archive(issue: Issue, user: Any) -> Publication:
    """Publish the issue in the centre's newsletter series (in the caller's transaction)."""
    series = newsletter_series(issue.centre)
    number = series.publications.count() + 1
    publication = Publication.objects.create(
        centre=issue.centre,
        series=series,
        issue_number=str(number),
        title=issue.title,
        slug=unique_slug(Publication, f"{series.title} {number} {issue.title}", RESERVED_SLUGS, "lettre"),
        kind=Kind.NEWSLETTER,
        publication_date=timezone.localdate(),
        abstract=abstract(issue),
        online_url=site_url(reverse("newsletters:web", args=[issue.pk])),
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return publication
