"""What a SKOS file carries beyond labels: definitions, dates, sources, hidden and ambiguous labels,
related concepts and successions; and the problems refused with them, in French, all or nothing."""

import pytest

from ..models import Concept
from ..services.skos import SkosImportError, export_skos, import_skos
from .test_skos import HEAD, snapshot

pytestmark = pytest.mark.django_db


def test_every_property_is_imported_and_links_are_completed_from_either_side():
    import_skos(
        HEAD
        + """pa:ancien a skos:Concept ; skos:inScheme pa:dispositifs ; skos:prefLabel "Ancien dispositif"@fr ;
    skos:altLabel "AD"@fr ; pa:ambiguousLabel "AD"@fr ; skos:hiddenLabel "ancien-dispositif"@fr ;
    skos:definition "Un dispositif d'avant."@fr ; skos:historyNote "Créé en 1990 ; remplacé en 2000."@fr ;
    schema:startDate "1990"^^xsd:gYear ; schema:endDate "2000-12-31"^^xsd:date ;
    dct:source "Loi du 1er janvier 1990"@fr, <https://www.legifrance.gouv.fr> ;
    skos:related pa:voisin .
pa:nouveau a skos:Concept ; skos:inScheme pa:dispositifs ; skos:prefLabel "Nouveau dispositif"@fr ;
    dct:replaces pa:ancien .
pa:voisin a skos:Concept ; skos:inScheme pa:dispositifs ; skos:prefLabel "Dispositif voisin"@fr .
""".encode()
    )
    ancien = Concept.objects.get(notation="ancien")
    assert (ancien.definition, ancien.history_note) == ("Un dispositif d'avant.", "Créé en 1990 ; remplacé en 2000.")
    assert (ancien.start_year, ancien.end_year, ancien.period) == (1990, 2000, "de 1990 à 2000")
    assert [(s.text, s.url) for s in ancien.sources] == [
        ("Loi du 1er janvier 1990", ""),
        ("https://www.legifrance.gouv.fr", "https://www.legifrance.gouv.fr"),
    ]
    assert (ancien.hidden_labels_list, ancien.ambiguous_labels_list) == (["ancien-dispositif"], ["AD"])
    assert [c.notation for c in ancien.replaced_by.all()] == ["nouveau"]
    assert [c.notation for c in Concept.objects.get(notation="voisin").related.all()] == ["ancien"]
    exported = export_skos("turtle").decode()
    assert '"1990"^^xsd:gYear' in exported and "pa:ambiguousLabel" in exported
    assert "dct:replaces pa:ancien" in exported and "dct:isReplacedBy pa:nouveau" in exported


def concept(notation, label, extra=""):
    return f'pa:{notation} a skos:Concept ; skos:inScheme pa:dispositifs ; skos:prefLabel "{label}"@fr {extra}.\n'


@pytest.mark.parametrize(
    ("concepts", "message"),
    [
        (
            [concept("a", "Dispositif A", '; skos:hiddenLabel "dispositif b" '), concept("b", "Dispositif B")],
            "« dispositif b » est le libellé préférentiel de « urn:passerelles:thesaurus:b » et un libellé caché de "
            "« urn:passerelles:thesaurus:a »",
        ),
        (
            [
                concept("a", "Dispositif A", '; skos:altLabel "DX" '),
                concept("b", "Dispositif B", '; skos:altLabel "dx" '),
            ],
            "« dx » est un libellé de « urn:passerelles:thesaurus:a » et de « urn:passerelles:thesaurus:b »",
        ),
        (
            [concept("a", "Dispositif A", '; pa:ambiguousLabel "PRA" ')],
            "le libellé ambigu « PRA » n'est ni son libellé préférentiel ni un de ses libellés alternatifs",
        ),
        ([concept("a", "Dispositif A", "; skos:related pa:nulle-part ")], "concept associé inconnu"),
        (
            [concept("a", "Dispositif A", "; dct:isReplacedBy pa:a ")],
            "il ne peut pas être son propre concept remplaçant",
        ),
        (
            [
                concept("a", "Dispositif A", "; dct:isReplacedBy pa:b "),
                concept("b", "Dispositif B", "; dct:isReplacedBy pa:a "),
            ],
            "il est son propre remplaçant",
        ),
        (
            [concept("a", "Dispositif A", '; schema:startDate "2010"^^xsd:gYear ; schema:endDate "2000"^^xsd:gYear ')],
            "l'année de début est postérieure à l'année de fin",
        ),
        ([concept("a", "Dispositif A", '; schema:startDate "vers 1980" ')], "une seule année (xsd:gYear"),
    ],
)
def test_broken_links_and_labels_are_refused(concepts, message):
    before = snapshot()
    with pytest.raises(SkosImportError) as error:
        import_skos(HEAD + "".join(concepts).encode())
    assert message in str(error.value)
    assert snapshot() == before
