"""Sessions in the network search: published sessions only, cancelled ones marked. Registrations
never enter the index."""

from django.utils import timezone

from passerelles.search_index.engine import IndexDocument, day_number, timestamp
from passerelles.search_index.registry import SearchMapping, register, stable_number

from .models import Cycle, Session, Speaker


@register
class SessionSearch(SearchMapping):
    type = "session"
    label = "Session"
    label_plural = "Sessions"
    date_label = "le"
    model = Session

    def public_queryset(self):
        return Session.objects.public()

    def watched_m2m(self):
        return [Session.themes, Session.functions, Session.territories, Session.co_organisers]

    def related(self):
        return {
            Speaker: lambda speaker: [speaker.session_id],
            Cycle: lambda cycle: list(cycle.sessions.values_list("pk", flat=True)),
        }

    def documents(self, queryset):
        sessions = queryset.select_related("centre", "cycle", "commune").prefetch_related(
            "speakers", "themes", "functions", "territories", "co_organisers"
        )
        for session in sessions.iterator(chunk_size=500):
            title = session.title + (" (annulée)" if session.is_cancelled else "")
            body = "\n".join(
                part
                for part in (
                    session.get_kind_display(),
                    session.cycle.title if session.cycle_id and session.cycle.is_published else "",
                    *(f"{s.name} {s.affiliation}" for s in session.speakers.all()),
                    session.venue,
                    session.address,
                    session.commune.name if session.commune_id else "",
                    session.accessibility,
                    *(f.pref_label for f in session.functions.all()),
                    session.partners,
                )
                if part
            )
            territories = [t.key for t in session.territories.all()]
            if session.commune_id and session.commune.key not in territories:
                territories.append(session.commune.key)
            starts = timezone.localtime(session.starts_at).date()
            yield IndexDocument(
                key=self.key(session.pk),
                type=self.type,
                url=session.get_absolute_url(),
                title=title,
                summary=session.description,
                body=body,
                day=day_number(starts),
                stable=stable_number(session.slug),
                keywords={
                    "theme": [c.notation for c in session.themes.all()],
                    "centre": [session.centre.slug, *(c.slug for c in session.co_organisers.all())],
                    "year": [str(starts.year)],
                },
                territories=territories,
                demo=session.is_demo,
                published=timestamp(session.created_at),
            )
