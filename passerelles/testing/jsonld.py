"""Reading the JSON-LD of a page as a search engine does: each <script type="application/ld+json">
parsed as JSON, then read as RDF by rdflib with schema.org's vocabulary given inline (no fetch of the
remote context: the tests use no network)."""

import json
import warnings

from lxml import html
from rdflib import Graph

SCHEMA = "https://schema.org/"


def descriptions(response):
    """Every JSON-LD object of the page, parsed."""
    page = html.fromstring(response.content)
    return [json.loads(script.text) for script in page.xpath("//script[@type='application/ld+json']")]


def description(response):
    found = descriptions(response)
    assert len(found) == 1, f"{len(found)} descriptions JSON-LD sur la page"
    return found[0]


def graph(data):
    """The statements the description makes, as RDF (rdflib's JSON-LD parser)."""
    assert data["@context"] == "https://schema.org"
    inline = {**data, "@context": {"@vocab": SCHEMA}}
    with warnings.catch_warnings():  # rdflib 7.6's parser calls its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=json.dumps(inline), format="json-ld")
