"""An experience sheet in schema.org terms (JSON-LD): a CreativeWork written and published by its
centre, about themes and schemes of the thesaurus, covering its territories. Nothing of a person: the
sheet's contact stays on its page, out of the data that machines gather."""

from typing import Any

from passerelles.centres.jsonld import reference
from passerelles.core.jsonld import CONTEXT, compact, day, licence, moment
from passerelles.territories.jsonld import area
from passerelles.thesaurus.jsonld import audience, term

from .models import ExperienceSheet


def sheet_work(sheet: ExperienceSheet, absolute) -> dict[str, Any]:
    """The sheet as `visible_sheet` reads it: its centre joined, its territories and tags prefetched."""
    centre = reference(sheet.centre, absolute)
    data = {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "@id": absolute(sheet.get_absolute_url()),
        "url": absolute(sheet.get_absolute_url()),
        "name": sheet.title,
        "abstract": sheet.summary,
        "description": sheet.summary,
        "genre": "fiche expérience",
        "inLanguage": "fr",
        "dateCreated": moment(sheet.created_at),
        "dateModified": moment(sheet.updated_at),
        "datePublished": moment(sheet.published_at) if sheet.published_at else None,
        "author": centre,
        "publisher": centre,
        "about": [term(concept, absolute) for concept in [*sheet.themes.all(), *sheet.schemes.all()]],
        "audience": audience(sheet.publics.all()),
        "spatialCoverage": [area(territory) for territory in sheet.territories.all()],
        "temporalCoverage": period(sheet),
        "license": licence(sheet.licence) if sheet.licence else None,
        "isAccessibleForFree": True,
    }
    return compact(data)


def period(sheet: ExperienceSheet) -> str | None:
    """An ISO 8601 interval, open when the action goes on: « 2021-09-01/.. »."""
    if not sheet.start_date:
        return None
    return f"{day(sheet.start_date)}/{day(sheet.end_date) if sheet.end_date else '..'}"
