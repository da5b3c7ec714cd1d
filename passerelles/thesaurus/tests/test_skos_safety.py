"""SKOS files that would hurt the importer or the vocabulary are refused whole, in French: XML with a
document type or entities (an entity-expansion bomb is refused before rdflib reads it), preferred
labels shared by two concepts, a label both preferred and alternative, control characters cleaned."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from passerelles.accounts.tests.factories import UserFactory

from ..models import Concept
from ..services.skos import SkosImportError, import_skos
from .test_skos import HEAD, snapshot

pytestmark = pytest.mark.django_db

RDF_OPEN = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:skos="http://www.w3.org/2004/02/skos/core#">'
)


def billion_laughs():
    """Nine levels of ten entities each: 10⁹ « lol » once expanded (3 GB of text from 1 kB)."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(entities)
        + "\n]>\n"
        + RDF_OPEN
        + '<skos:Concept rdf:about="urn:passerelles:thesaurus:bombe">'
        '<skos:inScheme rdf:resource="urn:passerelles:thesaurus:themes"/>'
        '<skos:prefLabel xml:lang="fr">&lol9;</skos:prefLabel></skos:Concept></rdf:RDF>'
    ).encode()


REFUSED_XML = "déclaration de type de document (DOCTYPE) ou d'entités"


def test_an_entity_bomb_is_refused_before_parsing_through_the_site(client):
    client.force_login(UserFactory(is_national_animator=True))
    before = snapshot()
    response = client.post("/thesaurus/importer/", {"file": SimpleUploadedFile("bombe.rdf", billion_laughs())})
    assert response.status_code == 200
    assert REFUSED_XML in html.unescape(response.content.decode())
    assert snapshot() == before


@pytest.mark.parametrize(
    "content",
    [
        billion_laughs(),
        # An external entity (a local file, a URL): never fetched.
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + RDF_OPEN + "</rdf:RDF>"
        ).encode(),
        # A document type alone, even without the XML declaration in front.
        ("<!DOCTYPE rdf:RDF>" + RDF_OPEN + "</rdf:RDF>").encode(),
    ],
)
def test_xml_with_declarations_is_refused_and_nothing_is_written(tmp_path, content):
    before = snapshot()
    with pytest.raises(SkosImportError, match="DOCTYPE"):
        import_skos(content)
    path = tmp_path / "bombe.rdf"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="DOCTYPE"):
        call_command("import_thesaurus", str(path), format="xml")
    assert snapshot() == before


def concept(notation, label, scheme="themes", alt=()):
    alts = "".join(f' ; skos:altLabel "{a}"@fr' for a in alt)
    return f'pa:{notation} a skos:Concept ; skos:inScheme pa:{scheme} ; skos:prefLabel "{label}"@fr{alts} .\n'


@pytest.mark.parametrize(
    ("concepts", "message"),
    [
        (
            [concept("logement-a", "Logement social"), concept("logement-b", "LOGEMENT sôcial")],
            "Libellé préférentiel « LOGEMENT sôcial » porté par deux concepts du vocabulaire thèmes : "
            "« urn:passerelles:thesaurus:logement-a » (« Logement social ») et "
            "« urn:passerelles:thesaurus:logement-b ».",
        ),
        (  # against a stored concept the file does not mention (« Programme de réussite éducative »)
            [concept("pre-bis", "Programme de réussite educative", scheme="dispositifs")],
            "porté par deux concepts du vocabulaire dispositifs : « urn:passerelles:thesaurus:pre-bis » "
            "(« Programme de réussite educative ») et « urn:passerelles:thesaurus:pre ».",
        ),
        (
            [concept("mobilite", "Mobilité", alt=["Transports", "mobilite"])],
            "Concept « urn:passerelles:thesaurus:mobilite » : « mobilite » est à la fois son libellé préférentiel "
            "et un libellé alternatif.",
        ),
        (
            [concept("mobilite", "Mobilité", alt=["Transports"]), concept("transports", "Transports")],
            "« Transports » est le libellé préférentiel de « urn:passerelles:thesaurus:transports » et un libellé "
            "alternatif de « urn:passerelles:thesaurus:mobilite »",
        ),
    ],
)
def test_label_clashes_are_refused_with_the_concepts_named(concepts, message):
    before = snapshot()
    with pytest.raises(SkosImportError) as error:
        import_skos(HEAD + "".join(concepts).encode())
    assert message in str(error.value)
    assert snapshot() == before  # all or nothing


def test_the_same_label_in_two_vocabularies_is_allowed():
    both = concept("relais-theme", "Habitants relais") + concept("relais", "Habitants relais", "publics")
    import_skos(HEAD + both.encode())
    assert Concept.objects.filter(pref_label="Habitants relais").count() == 2


def test_labels_are_cleaned_and_on_one_line():
    import_skos(HEAD + concept("propre", "Libellé\\u000B avec\\n saut", alt=["Autre\\u0000 nom"]).encode())
    stored = Concept.objects.get(notation="propre")
    assert stored.pref_label == "Libellé avec saut" and stored.alt_labels_list == ["Autre nom"]
