"""The version of what the public pages of the publications show (ADR 0002, core.versions): the
publications, their series, documents and contributors, the sheets and sessions they cite, the
thesaurus; with the directory's version (centres, geography)."""

from passerelles.centres.services.freshness import directory_version
from passerelles.core.versions import DataVersion
from passerelles.events.models import Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.thesaurus.models import Concept

from ..models import Contributor, Document, Publication, Series

_publications = DataVersion(
    "publications",
    [
        (Publication, ["updated_at"]),
        (Series, ["updated_at"]),
        (Document, ["uploaded_at"]),
        (Contributor, []),
        (ExperienceSheet, ["updated_at"]),
        (Session, ["updated_at"]),
        (Concept, []),
    ],
)


def publications_version() -> str:
    return f"{_publications.get()}|{directory_version()}"
