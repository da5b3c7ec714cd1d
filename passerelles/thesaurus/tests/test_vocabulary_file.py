"""The shipped vocabulary (data/thesaurus/politique-de-la-ville.ttl) read as a reviewer would: every
concept named, defined and sourced, no label naming two concepts, links that hold, dates in order; and
a round trip through the database that loses nothing."""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..enums import Scheme
from ..models import Concept
from ..services.skos import export_skos, fold_label, import_skos, parse_skos
from ..services.skos_terms import SCHEMA, year_of
from .test_skos import snapshot

PA = "urn:passerelles:thesaurus:"
RAW = Path(settings.PASSERELLES["THESAURUS_FILE"]).read_bytes()


@pytest.fixture(scope="module")
def graph():
    return Graph().parse(data=RAW.decode("utf-8"), format="turtle")


@pytest.fixture(scope="module")
def concepts(graph):
    return sorted(graph.subjects(RDF.type, SKOS.Concept), key=str)


def french(graph, subject, predicate):
    return [str(v) for v in graph.objects(subject, predicate) if isinstance(v, Literal) and v.language == "fr"]


def test_at_least_150_concepts_in_the_four_schemes(graph, concepts):
    assert len(concepts) >= 150
    schemes = Counter(str(graph.value(c, SKOS.inScheme)).removeprefix(PA) for c in concepts)
    assert set(schemes) == set(Scheme.values)
    assert schemes[Scheme.SCHEMES] >= 80


def test_every_concept_is_named_defined_and_sourced(graph, concepts):
    for concept in concepts:
        assert len(french(graph, concept, SKOS.prefLabel)) == 1, concept
        assert french(graph, concept, SKOS.definition), f"{concept} : pas de définition"
        assert list(graph.objects(concept, DCTERMS.source)), f"{concept} : pas de source"
        assert graph.value(concept, SKOS.notation) is not None, concept


def test_no_label_names_two_concepts(graph, concepts):
    """Across the four schemes, once case, accents and spacing are folded."""
    owners: dict[str, set] = {}
    for concept in concepts:
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in french(graph, concept, predicate):
                owners.setdefault(fold_label(label), set()).add(concept)
    shared = {label: sorted(map(str, c)) for label, c in owners.items() if len(c) > 1}
    assert not shared


def test_ambiguous_labels_are_labels_of_their_concept(graph, concepts):
    ambiguous = URIRef(PA + "ambiguousLabel")
    listed = []
    for concept in concepts:
        labels = {fold_label(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in french(graph, concept, p)}
        for label in french(graph, concept, ambiguous):
            assert fold_label(label) in labels, (concept, label)
            listed.append(label)
        # Two letters or fewer: ambiguous anyway, listed for clarity.
        for label in french(graph, concept, SKOS.altLabel):
            if len(label) <= 2:
                assert label in french(graph, concept, ambiguous), (concept, label)
    assert {"PRE", "CV", "QÉ"} <= set(listed)


def test_links_point_to_concepts_and_hold_both_ways(graph, concepts):
    known = set(concepts)
    for concept in concepts:
        for predicate in (SKOS.broader, SKOS.narrower, SKOS.related, DCTERMS.isReplacedBy, DCTERMS.replaces):
            for target in graph.objects(concept, predicate):
                assert target in known and target != concept, (concept, predicate, target)
        for other in graph.objects(concept, SKOS.related):
            assert (other, SKOS.related, concept) in graph, f"skos:related non symétrique : {concept} → {other}"
        for parent in graph.objects(concept, SKOS.broader):
            assert graph.value(parent, SKOS.inScheme) == graph.value(concept, SKOS.inScheme), (concept, parent)
        for child in graph.objects(concept, SKOS.narrower):
            assert (child, SKOS.broader, concept) in graph, (concept, child)


def test_successions_are_not_synonyms_and_dates_are_in_order(graph, concepts):
    for concept in concepts:
        labels = {fold_label(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in french(graph, concept, p)}
        for successor in graph.objects(concept, DCTERMS.isReplacedBy):
            theirs = {fold_label(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in french(graph, successor, p)}
            assert not labels & theirs, (concept, successor)
        start, end = (graph.value(concept, p) for p in (SCHEMA.startDate, SCHEMA.endDate))
        for value in (start, end):
            assert value is None or (year_of(value) and 1900 < year_of(value) <= 2030), (concept, value)
        if start is not None and end is not None:
            assert year_of(start) <= year_of(end), concept


@pytest.mark.django_db
def test_the_projects_parser_accepts_the_file_whole():
    Concept.objects.all().delete()
    parsed = {c.notation: c for c in parse_skos(RAW)}
    assert len(parsed) >= 150
    assert parsed["zus"].replaced_by == [PA + "qpv"] and parsed["zus"].start_year == 1996
    assert parsed["cucs"].replaced_by == [PA + "contrat-de-ville"]
    assert "ANRU" in parsed["anru"].alt_labels and "ANRU" not in parsed["npnru"].alt_labels
    assert parsed["pre"].ambiguous_labels == ["PRE"]
    for concept in parsed.values():
        assert concept.pref_label and concept.definition and concept.sources, concept.notation


@pytest.mark.django_db
def test_import_export_import_keeps_everything():
    Concept.objects.all().delete()
    import_skos(RAW)
    before = snapshot()
    qpv = Concept.objects.get(notation="qpv")
    assert {c.notation for c in qpv.replaces.all()} >= {"zus", "zru"}
    assert Concept.objects.get(notation="cget").replaced_by.get().notation == "anct"
    for concept in Concept.objects.prefetch_related("related"):
        for other in concept.related.all():
            assert concept in other.related.all()
    for format in ("turtle", "xml"):
        exported = export_skos(format)
        Concept.objects.all().delete()
        assert import_skos(exported).created == len(before)
        assert snapshot() == before, format
