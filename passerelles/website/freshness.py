"""The version of what the home and a centre's page show besides the directory (ADR 0002,
core.versions): the sheets, publications, sessions and their registrations (places left), the
harvested catalogues."""

from passerelles.core.versions import DataVersion
from passerelles.events.models import Registration, Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.publications.models import HarvestSource, Publication

_content = DataVersion(
    "network-content",
    [
        (ExperienceSheet, ["updated_at"]),
        (Publication, ["updated_at"]),
        (Session, ["updated_at"]),
        (Registration, ["created_at", "confirmed_at", "cancelled_at"]),
        (HarvestSource, ["last_run_at"]),
    ],
)


def content_version() -> str:
    return _content.get()
