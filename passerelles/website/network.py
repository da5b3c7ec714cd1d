"""What the home and a centre's page show of the network's life: the latest published sheets and
publications, the sessions to come with their places left, the network in figures, and for a
centre its feeds and harvested catalogues. Rendered into fragments cached under the directory's
and the content's versions (ADR 0002); a fixed number of queries on a miss, whatever the volume."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from passerelles.centres.models import Centre
from passerelles.centres.services.freshness import directory_version
from passerelles.core.fragments import cached_fragment
from passerelles.events.enums import CLOSED_STATUSES, RegistrationStatus
from passerelles.events.models import Session
from passerelles.events.services import agenda
from passerelles.experiences.models import ExperienceSheet
from passerelles.indicators.services.coverage import network_coverage
from passerelles.publications.models import HarvestSource, Publication

from .freshness import content_version

LATEST = 4  # things of each kind the home and a centre's page show


def versions():
    """The directory's and the content's versions, and the minute: a session leaves the lists once
    over (it never shows « places restantes » after it took place), the figures follow the year."""
    return directory_version(), content_version(), timezone.now().replace(second=0, microsecond=0)


def sessions_to_come(sessions=None, limit=LATEST):
    """The next published sessions one can still attend (not over, not cancelled nor postponed),
    each with `places_left` (None: no limit) from the seats its confirmed registrations hold."""
    sessions = agenda.upcoming() if sessions is None else sessions
    sessions = sessions.filter(ends_at__gt=timezone.now()).exclude(status__in=CLOSED_STATUSES).for_list()
    rows = list(
        sessions.with_registrations(seats_held=RegistrationStatus.CONFIRMED).order_by("starts_at", "pk")[:limit]
    )
    for session in rows:
        session.places_left = None if session.capacity is None else max(0, session.capacity - session.seats_held)
    return rows


def figures():
    """The network in figures, from the data."""
    year = timezone.localdate().year
    centres = Centre.objects.summary()
    return {
        "centres": centres["active"],
        "overseas": centres["overseas"],
        "to_confirm": centres["to_confirm"],
        "communes": network_coverage().network.total.communes,
        "sheets": ExperienceSheet.objects.published().count(),
        "publications": Publication.objects.published().count(),
        "sessions": Session.objects.public().filter(starts_at__year=year).exclude(status__in=CLOSED_STATUSES).count(),
        "year": year,
    }


def home_context():
    return {
        "sheets": list(ExperienceSheet.objects.published().select_related("centre")[:LATEST]),
        "publications": list(Publication.objects.published().select_related("centre", "series")[:LATEST]),
        "sessions": sessions_to_come(),
        "figures": figures(),
    }


def centre_activity(request: HttpRequest, slug: str) -> SafeString:
    """The blocks of a centre's page below its identity (declared to centres.pages)."""

    def build():
        centre = Centre.objects.filter(slug=slug).first()
        if centre is None:
            return {"centre": None}, ""
        sources = (
            HarvestSource.objects.filter(centre=centre)
            .annotate(records_count=Count("records", filter=Q(records__deleted=False)))
            .order_by("base_url", "set_spec")
        )
        context = {
            "centre": centre,
            "sessions": sessions_to_come(agenda.by_centre(agenda.upcoming(), centre)),
            "sheets": list(ExperienceSheet.objects.published().filter(centre=centre).select_related("centre")[:LATEST]),
            "publications": list(
                Publication.objects.published().filter(centre=centre).select_related("centre", "series")[:LATEST]
            ),
            "sources": list(sources),
        }
        return context, ""

    template = "website/fragments/centre_activity.html"
    return cached_fragment("centre-activity", versions(), slug, template, build, request).html
