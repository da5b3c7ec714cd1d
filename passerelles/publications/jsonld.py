"""A publication in schema.org terms (JSON-LD): a ScholarlyArticle for a study or a report, a
CreativeWork otherwise, with its authors (the names its page prints), its centre as publisher, its
series, its PDF documents and what it is about. Read from `views.visible_publication`, whose joins and
prefetches hold all of it: no query per contributor, document or tag."""

from typing import Any

from passerelles.centres.jsonld import reference
from passerelles.core.jsonld import CONTEXT, compact, day, licence, moment
from passerelles.territories.jsonld import area
from passerelles.thesaurus.jsonld import audience, term

from .enums import ContributorKind, ContributorRole, Kind
from .models import Contributor, Publication, Series

SCHOLARLY = {Kind.STUDY, Kind.REPORT}
PERIODICALS = {Kind.PERIODICAL, Kind.NEWSLETTER}
ROLES = {ContributorRole.AUTHOR: "author", ContributorRole.CONTRIBUTOR: "contributor", ContributorRole.EDITOR: "editor"}


def publication_work(publication: Publication, absolute) -> dict[str, Any]:
    url = absolute(publication.get_absolute_url())
    scholarly = publication.kind in SCHOLARLY
    centre = reference(publication.centre, absolute)
    data = {
        "@context": CONTEXT,
        "@type": "ScholarlyArticle" if scholarly else "CreativeWork",
        "@id": url,
        "url": url,
        "name": publication.full_title,
        "headline": publication.title[:110] if scholarly else None,  # what search engines show, 110 at most
        "alternativeHeadline": publication.thematic_file,
        "genre": publication.get_kind_display(),
        "abstract": publication.abstract,
        "description": publication.abstract,
        "inLanguage": publication.language,
        "datePublished": day(publication.publication_date),
        "dateModified": moment(publication.updated_at),
        "publisher": centre,
        "license": licence(publication.licence) if publication.licence else None,
        "isPartOf": series(publication.series, absolute) if publication.series_id else None,
        "about": [term(concept, absolute) for concept in [*publication.themes.all(), *publication.schemes.all()]],
        "audience": audience(publication.publics.all()),
        "spatialCoverage": [area(territory) for territory in publication.territories.all()],
        "encoding": [
            {
                "@type": "MediaObject",
                "name": document.title,
                "contentUrl": absolute(document.get_absolute_url()),
                "encodingFormat": "application/pdf",
                "contentSize": f"{document.size} B",
            }
            for document in publication.documents.all()
        ],
        "sameAs": publication.online_url,
        "recordedAt": event(publication, absolute),
        "mentions": [
            {"@type": "CreativeWork", "name": sheet.title, "url": absolute(sheet.get_absolute_url())}
            for sheet in publication.related_sheets.all()  # the published ones (visible_publication)
        ],
        "isAccessibleForFree": True,
    }
    for contributor in publication.contributors.all():
        data.setdefault(ROLES[ContributorRole(contributor.role)], []).append(person(contributor))
    data.setdefault("author", centre)  # written by the centre when it names no author
    return compact(data)


def person(contributor: Contributor) -> dict[str, Any]:
    """An author as the page prints it: a name, and what they are (« sociologue, université Lyon 2 »)."""
    kind = "Organization" if contributor.kind == ContributorKind.ORGANISATION else "Person"
    return compact({"@type": kind, "name": contributor.name, "description": contributor.affiliation})


def series(found: Series, absolute) -> dict[str, Any]:
    return compact(
        {
            "@type": "Periodical" if found.kind in PERIODICALS else "CreativeWorkSeries",
            "name": found.title,
            "url": absolute(found.get_absolute_url()),
            "issn": found.issn,
        }
    )


def series_work(found: Series, absolute) -> dict[str, Any]:
    """The series' own page: a periodical or a collection, published by its centre."""
    data = {
        "@context": CONTEXT,
        **series(found, absolute),
        "@id": absolute(found.get_absolute_url()),
        "description": found.description,
        "genre": found.get_kind_display(),
        "inLanguage": "fr",
        "publisher": reference(found.centre, absolute),
    }
    return compact(data)


def event(publication: Publication, absolute) -> dict[str, Any] | None:
    """The meeting these are the proceedings of: a session of the agenda when it is published there."""
    if publication.session_id and publication.session.is_published:
        session = publication.session
        return {
            "@type": "EducationEvent",
            "name": session.title,
            "url": absolute(session.get_absolute_url()),
            "startDate": moment(session.starts_at),
        }
    if publication.event_title:
        return compact(
            {
                "@type": "Event",
                "name": publication.event_title,
                "startDate": day(publication.event_date) if publication.event_date else None,
            }
        )
    return None
