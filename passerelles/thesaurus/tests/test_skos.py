from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ..enums import Scheme
from ..models import Concept
from ..services.skos import SkosImportError, export_skos, import_skos

pytestmark = pytest.mark.django_db
HEAD = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix pa: <urn:passerelles:thesaurus:> .
"""
SHIPPED = Path(settings.PASSERELLES["THESAURUS_FILE"]).read_text(encoding="utf-8").count(" a skos:Concept ;")


def snapshot():
    return sorted(
        (
            c.uri,
            c.scheme,
            c.notation,
            c.pref_label,
            tuple(sorted(c.alt_labels_list)),
            c.scope_note,
            tuple(sorted(b.uri for b in c.broader.all())),
            tuple(sorted(c.hidden_labels_list)),
            tuple(sorted(c.ambiguous_labels_list)),
            c.definition,
            c.history_note,
            c.start_year,
            c.end_year,
            tuple(sorted(c.source.splitlines())),
            tuple(sorted(r.uri for r in c.related.all())),
            tuple(sorted(r.uri for r in c.replaced_by.all())),
        )
        for c in Concept.objects.prefetch_related("broader", "related", "replaced_by")
    )


def test_the_shipped_vocabulary():
    assert Concept.objects.count() == SHIPPED >= 150
    pre = Concept.objects.get(notation="pre")
    assert pre.pref_label == "Programme de réussite éducative"
    assert {"PRE", "DRE"} <= set(pre.alt_labels_list)
    assert pre.scheme == Scheme.SCHEMES
    assert Concept.objects.get(notation="asv").alt_labels_list[0] == "ASV"
    assert "QPV" in Concept.objects.get(notation="qpv").alt_labels_list
    parentalite = Concept.objects.get(notation="parentalite")
    assert [c.notation for c in parentalite.broader.all()] == ["education"]
    assert parentalite in Concept.objects.get(notation="education").narrower.all()
    assert Concept.objects.themes().count() >= 15


@pytest.mark.parametrize("format", ["turtle", "xml"])
def test_round_trip(format):
    before = snapshot()
    exported = export_skos(format)
    Concept.objects.all().delete()
    report = import_skos(exported)
    assert report.created == SHIPPED
    assert snapshot() == before
    # And a second import of the same export changes nothing.
    report = import_skos(exported)
    assert (report.created, report.updated) == (0, SHIPPED)
    assert snapshot() == before


def test_an_import_updates_labels_and_adds_concepts():
    import_skos(
        HEAD
        + b"""pa:pre a skos:Concept ; skos:inScheme pa:dispositifs ; skos:notation "pre" ;
    skos:prefLabel "Programme de r\xc3\xa9ussite \xc3\xa9ducative"@fr ; skos:altLabel "PRE"@fr, "PRE-DRE"@fr .
pa:cordees a skos:Concept ; skos:inScheme pa:dispositifs ; skos:prefLabel "Cord\xc3\xa9es de la r\xc3\xa9ussite"@fr ;
    skos:broader pa:education .
"""
    )
    assert Concept.objects.get(notation="pre").alt_labels_list == ["PRE", "PRE-DRE"]
    cordees = Concept.objects.get(notation="cordees")
    assert [b.notation for b in cordees.broader.all()] == ["education"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"ceci n'est pas du turtle {", "n'est pas un fichier Turtle lisible"),
        (b"<?xml version='1.0'?><rdf:RDF><oops", "n'est pas un fichier RDF/XML lisible"),
        (
            HEAD + b'pa:x a skos:Concept ; skos:inScheme pa:inconnu ; skos:prefLabel "X"@fr .',
            "un seul des vocabulaires",
        ),
        (
            HEAD + b"pa:x a skos:Concept ; skos:inScheme pa:themes .",
            "un et un seul libellé préférentiel",
        ),
        (
            HEAD
            + b'pa:x a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "X"@fr ; skos:broader pa:nulle-part .',
            "concept générique inconnu",
        ),
        (
            HEAD
            + b"""pa:a a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "A"@fr ; skos:broader pa:b .
pa:b a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "B"@fr ; skos:broader pa:a .""",
            "boucle skos:broader",
        ),
        (
            HEAD + b'pa:x a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "X"@fr ; skos:notation "Pas Bon" .',
            "notation",
        ),
        (HEAD + b"pa:x a skos:ConceptScheme .", "aucun concept SKOS"),
        (
            HEAD
            + b'pa:autre a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "Autre"@fr ; skos:notation "pre" .',
            "déjà utilisée",
        ),
    ],
)
def test_a_bad_file_is_refused_in_french_and_changes_nothing(content, message):
    before = snapshot()
    with pytest.raises(SkosImportError) as error:
        # A valid concept in the same file must not be written either.
        import_skos(content)
    assert message in str(error.value)
    assert snapshot() == before


def test_a_valid_concept_is_not_written_when_another_is_bad():
    content = (
        HEAD
        + b"""pa:ok a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "Bon"@fr .
pa:ko a skos:Concept ; skos:inScheme pa:themes ."""
    )
    with pytest.raises(SkosImportError):
        import_skos(content)
    assert not Concept.objects.filter(notation__in=["ok", "ko"]).exists()


def test_commands(tmp_path):
    path = tmp_path / "export.rdf"
    call_command("export_thesaurus", format="xml", output=str(path))
    assert path.read_bytes().startswith(b"<?xml")
    call_command("import_thesaurus", str(path))
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b"@prefix : <")
    with pytest.raises(CommandError, match="Import refusé, rien n'a été modifié"):
        call_command("import_thesaurus", str(bad))


def test_public_page_and_downloads(client):
    page = client.get("/thesaurus/").content.decode()
    assert "Programme de réussite éducative" in page and "PRE" in page
    # Each concept leads to its page: definition, dates, sources (a link when an address),
    # succession and related concepts, each a link to its own page.
    assert 'href="/thesaurus/zus/"' in page
    zus = client.get("/thesaurus/zus/").content.decode()
    assert "(de 1996 à 2014)" in zus and "Remplacé par :" in zus and 'href="/thesaurus/qpv/"' in zus
    assert "Loi n° 96-987 du 14 novembre 1996" in zus
    assert "grands ensembles" in zus
    assert 'href="/recherche/?q=' in zus  # what the network holds about it
    qpv = client.get("/thesaurus/qpv/").content.decode()
    assert "Remplace :" in qpv and 'href="/thesaurus/zus/"' in qpv
    assert '<a class="fr-link fr-text--sm" href="https://sig.ville.gouv.fr"' in qpv
    assert "Loi n° 96-987" not in page  # the list stays light: details are on each concept's page
    assert client.get("/thesaurus/pas-un-concept/").status_code == 404
    turtle = client.get("/thesaurus/thesaurus.ttl")
    assert turtle["Content-Type"].startswith("text/turtle")
    assert "attachment" in turtle["Content-Disposition"]
    rdf = client.get("/thesaurus/thesaurus.rdf")
    assert rdf["Content-Type"].startswith("application/rdf+xml")
    Concept.objects.all().delete()
    assert import_skos(turtle.content).created == SHIPPED


def test_narrower_links_bom_and_swapped_notations():
    import_skos(
        b"\xef\xbb\xbf"
        + HEAD
        + b"""pa:sante skos:narrower pa:addictions .
pa:addictions a skos:Concept ; skos:inScheme pa:themes ; skos:prefLabel "Addictions"@fr .
"""
    )
    assert [c.notation for c in Concept.objects.get(notation="addictions").broader.all()] == ["sante"]
    # Two concepts exchange their notations in one import.
    import_skos(
        HEAD
        + b"""pa:sport a skos:Concept ; skos:inScheme pa:themes ; skos:notation "culture" ; skos:prefLabel "Sport"@fr .
pa:culture a skos:Concept ; skos:inScheme pa:themes ; skos:notation "sport" ; skos:prefLabel "Culture"@fr .
"""
    )
    assert Concept.objects.get(uri="urn:passerelles:thesaurus:sport").notation == "culture"
    rdf = export_skos("xml")
    assert import_skos(b"\xef\xbb\xbf" + rdf).updated == Concept.objects.count()


def test_animators_import_through_the_site(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from passerelles.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/thesaurus/importer/").status_code == 403
    client.force_login(UserFactory(is_national_animator=True))
    before = snapshot()
    bad = client.post("/thesaurus/importer/", {"file": SimpleUploadedFile("x.ttl", b"@prefix : <")})
    assert "Import refusé, rien n" in bad.content.decode() and snapshot() == before
    good = SimpleUploadedFile("t.ttl", export_skos("turtle"))
    response = client.post("/thesaurus/importer/", {"file": good}, follow=True)
    assert f"Thésaurus importé : 0 concepts créés, {SHIPPED} mis à jour." in response.content.decode()
