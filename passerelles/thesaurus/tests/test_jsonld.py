"""A concept's page describes it in schema.org terms (JSON-LD): a DefinedTerm of its vocabulary, named
by the SKOS URI the thesaurus export gives it."""

import pytest
from rdflib import Literal, URIRef

from passerelles.testing.jsonld import SCHEMA, description, graph

from ..models import Concept

pytestmark = pytest.mark.django_db


def test_a_concept_is_a_defined_term_of_its_vocabulary(client):
    concept = Concept.objects.get(notation="qpv")

    data = description(client.get(concept.get_absolute_url()))

    assert (data["@type"], data["@id"], data["name"], data["termCode"]) == (
        "DefinedTerm",
        concept.uri,
        concept.pref_label,
        "qpv",
    )
    assert data["url"] == f"http://testserver{concept.get_absolute_url()}"
    assert data["alternateName"] == concept.alt_labels_list
    assert data["inDefinedTermSet"]["url"] == "http://testserver/thesaurus/"
    statements = graph(data)
    assert (URIRef(concept.uri), URIRef(SCHEMA + "termCode"), Literal("qpv")) in statements
