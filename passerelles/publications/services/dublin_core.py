"""The bibliographic description of a publication in the 15 elements of Dublin Core (simple DC,
as OAI-PMH's oai_dc carries it), so records can be exchanged with documentation systems."""

from django.utils import timezone

from passerelles.editorial.workflow import Status

from ..enums import ContributorRole

# The 15 elements, in the order of the DCMI specification and of the oai_dc schema.
ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)

LABELS = {
    "title": "titre",
    "creator": "auteur",
    "subject": "sujet",
    "description": "description",
    "publisher": "éditeur",
    "contributor": "contributeur",
    "date": "date",
    "type": "type",
    "format": "format",
    "identifier": "identifiant",
    "source": "source",
    "language": "langue",
    "relation": "relation",
    "coverage": "couverture",
    "rights": "droits",
}


def describe(publication, absolute):
    """{element: [values]} of a publication; `absolute(path)` makes an address absolute.
    Expects the relations prefetched (contributors, documents, themes, schemes, publics, territories
    with their parent, related_sheets) to describe many in few queries."""

    contributors = list(publication.contributors.all())

    def people(authors):
        return [
            c.name + (f" ({c.affiliation})" if c.affiliation else "")
            for c in contributors
            if (c.role == ContributorRole.AUTHOR) == authors
        ]

    series = publication.series
    documents = list(publication.documents.all())
    description = [publication.abstract]
    if publication.thematic_file:
        description.append(f"Dossier thématique : {publication.thematic_file}")
    relation = []
    if series:
        relation.append(f"{series.title}" + (f", ISSN {series.issn}" if series.issn else ""))
    if publication.session_id:
        session = publication.session
        relation.append(f"Actes de : {session.title} ({timezone.localdate(session.starts_at).isoformat()})")
        relation.append(absolute(session.get_absolute_url()))
    elif publication.event_title:
        relation.append(
            f"Actes de : {publication.event_title}"
            + (f" ({publication.event_date.isoformat()})" if publication.event_date else "")
        )
    relation += [  # never the address of a sheet that is not public
        absolute(sheet.get_absolute_url())
        for sheet in publication.related_sheets.all()
        if sheet.status == Status.PUBLISHED
    ]
    formats = ["application/pdf"] if documents else []
    if publication.online_url:
        formats.append("text/html")
    if publication.on_paper:
        formats.append("imprimé")
    record = {
        "title": [publication.title],
        "creator": people(authors=True),
        "subject": [
            concept.pref_label
            for field in ("themes", "schemes", "publics")
            for concept in getattr(publication, field).all()
        ],
        "description": [text for text in description if text],
        "publisher": [publication.centre.display_name],
        "contributor": people(authors=False),
        "date": [publication.publication_date.isoformat()],
        "type": ["Text", publication.get_kind_display()],
        "format": formats,
        "identifier": [
            absolute(publication.get_absolute_url()),
            *(absolute(document.get_absolute_url()) for document in documents),
            *([publication.online_url] if publication.online_url else []),
        ],
        "source": [f"{series.title}, n° {publication.issue_number}"] if series and publication.issue_number else [],
        "language": [publication.language],
        "relation": relation,
        "coverage": [territory.label for territory in publication.territories.all()],
        "rights": [publication.licence] if publication.licence else [],
    }
    return {element: record[element] for element in ELEMENTS}


def rows(record):
    """(French label, values) of the non-empty elements, for the publication's page."""
    return [(LABELS[element], record[element]) for element in ELEMENTS if record.get(element)]
