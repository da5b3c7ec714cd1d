"""The version of what the public pages of the sheets show (ADR 0002, core.versions): the sheets and
their attachments, the publications that cite them, the thesaurus; with the directory's version
(centres, geography) and the day (a sheet's page says when it is out of date)."""

from django.utils import timezone

from passerelles.centres.services.freshness import directory_version
from passerelles.core.versions import DataVersion
from passerelles.thesaurus.models import Concept

from ..models import Attachment, ExperienceSheet

CITING = ExperienceSheet._meta.get_field("publications").related_model  # a layer above: not imported

_sheets = DataVersion(
    "sheets",
    [(ExperienceSheet, ["updated_at"]), (Attachment, ["uploaded_at"]), (CITING, ["updated_at"]), (Concept, [])],
)


def sheets_version() -> str:
    return f"{_sheets.get()}|{directory_version()}|{timezone.localdate()}"
