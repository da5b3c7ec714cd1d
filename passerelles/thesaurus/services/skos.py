"""Import and export the vocabulary as SKOS (Turtle or RDF/XML), with rdflib.

An import is validated whole before anything is written, then applied in one transaction: a bad
file is refused with every problem listed in French and the stored vocabulary stays as it was.
Concepts are matched by URI; concepts absent from the file are kept (content may use them).

An RDF/XML file declaring a document type or entities is refused before rdflib reads it
(core.xml_input). Labels are cleaned (core.text) and kept on one line. Within one vocabulary
(scheme), and in French (the only language imported), a label (preferred, alternative or hidden)
names one concept only: compared with case, accents and spacing folded ("Éducation",
"education " and "ÉDUCATION" are one label), since a search or a person picking a theme could not
tell them apart. The vocabulary checked is the one the import would leave: the file's concepts and
the stored ones it does not mention (services.skos_checks).

Beyond SKOS labels and notes, a concept carries its dates (schema:startDate, schema:endDate as
xsd:gYear), its sources (dct:source, a text or an address), its successors (dct:isReplacedBy, or
dct:replaces stated from the other side) and its ambiguous short forms (pa:ambiguousLabel, each one
of its own labels). skos:related is symmetric: stated on one side, it is stored and exported on both.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from passerelles.core.imports import ImportRejected
from passerelles.core.text import clean_line, clean_text
from passerelles.core.xml_input import XmlRefused, check_xml

from ..enums import Scheme
from ..models import Concept
from .skos_checks import ambiguity_errors, cycles, label_clashes, link_errors
from .skos_terms import SCHEMA, ConceptData, ambiguous_label, base_uri, fold_label, scheme_uri, year_of

__all__ = ["FORMATS", "MAX_SIZE", "SkosImportError", "export_skos", "fold_label", "import_skos", "parse_skos"]

FORMATS = {"turtle": "text/turtle", "xml": "application/rdf+xml"}
MAX_SIZE = 10 * 1024 * 1024
XML_STARTS = (b"<?xml", b"<rdf", b"<RDF", b"<!DOCTYPE", b"<!doctype", b"<!--")
NOTATION = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class SkosImportError(ImportRejected):
    pass


@dataclass
class SkosReport:
    created: int = 0
    updated: int = 0


def _french(values: Iterable[object]) -> list[str]:
    """Literals in French (or without a language), cleaned and on one line, in a stable order."""
    return sorted(clean_line(str(v)) for v in values if isinstance(v, Literal) and (v.language in (None, "fr")))


def _labels(values: Iterable[object]) -> list[str]:
    return [label.strip() for label in _french(values) if label.strip()]


def _note(values: Iterable[object]) -> str:
    """A note in French (or without a language), its lines kept."""
    return "\n".join(
        sorted(clean_text(str(v)).strip() for v in values if isinstance(v, Literal) and v.language in (None, "fr"))
    )


def _both_ways(graph: Graph, subject: Node, forward: URIRef, backward: URIRef) -> list[str]:
    """The objects of `forward`, and the subjects stating `backward` from the other side."""
    return sorted(
        {str(o) for o in graph.objects(subject, forward)} | {str(s) for s in graph.subjects(backward, subject)}
    )


def parse_skos(raw: bytes, format: str | None = None) -> list[ConceptData]:
    if len(raw) > MAX_SIZE:
        raise SkosImportError([f"Le fichier dépasse {MAX_SIZE // (1024 * 1024)} Mo."])
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark is not content
    if not raw.strip():
        raise SkosImportError(["Le fichier est vide."])
    format = format or ("xml" if raw.lstrip()[:100].startswith(XML_STARTS) else "turtle")
    graph = Graph()
    try:
        if format == "xml":
            check_xml(raw)
        graph.parse(data=raw.decode("utf-8"), format=format)
    except XmlRefused as error:
        raise SkosImportError([str(error)]) from error
    except UnicodeDecodeError as error:
        raise SkosImportError(["Le fichier doit être encodé en UTF-8."]) from error
    except Exception as error:
        kind = "Turtle" if format == "turtle" else "RDF/XML"
        line = re.search(r"line (\d+)", str(error))
        where = f" (vers la ligne {line.group(1)})" if line else ""
        raise SkosImportError([f"Le fichier n'est pas un fichier {kind} lisible{where}."]) from error

    schemes: dict[Node, str] = {scheme_uri(scheme): scheme for scheme in Scheme.values}
    errors: list[str] = []
    concepts: dict[str, ConceptData] = {}
    for subject in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        uri, name = str(subject), f"« {str(subject)[:120]} »"
        if len(uri) > 300:
            errors.append(f"Concept {name} : identifiant (URI) de plus de 300 caractères.")
            continue
        in_schemes = [schemes[s] for s in graph.objects(subject, SKOS.inScheme) if s in schemes]
        if len(in_schemes) != 1:
            errors.append(f"Concept {name} : il doit appartenir à un seul des vocabulaires {', '.join(Scheme.values)}.")
            continue
        labels = _french(graph.objects(subject, SKOS.prefLabel))
        if len(labels) != 1 or not labels[0].strip() or len(labels[0]) > 200:
            errors.append(
                f"Concept {name} : un et un seul libellé préférentiel en français est attendu (200 caractères au plus)."
            )
            continue
        notations = [str(n) for n in graph.objects(subject, SKOS.notation)]
        notation = notations[0] if notations else uri.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        if not NOTATION.match(notation):
            errors.append(f"Concept {name} : notation « {notation[:80]} » invalide (minuscules, chiffres et tirets).")
            continue
        years = {}
        for key, predicate in [("start_year", SCHEMA.startDate), ("end_year", SCHEMA.endDate)]:
            values = list(graph.objects(subject, predicate))
            years[key] = year_of(values[0]) if len(values) == 1 else None
            if values and years[key] is None:
                errors.append(
                    f"Concept {name} : une seule année (xsd:gYear, ex. « 1996 ») est attendue en {predicate}."
                )
        if years["start_year"] and years["end_year"] and years["start_year"] > years["end_year"]:
            errors.append(f"Concept {name} : l'année de début est postérieure à l'année de fin.")
        concepts[uri] = ConceptData(
            uri=uri,
            scheme=in_schemes[0],
            notation=notation,
            pref_label=labels[0].strip(),
            alt_labels=_labels(graph.objects(subject, SKOS.altLabel)),
            hidden_labels=_labels(graph.objects(subject, SKOS.hiddenLabel)),
            ambiguous_labels=_labels(graph.objects(subject, ambiguous_label())),
            definition=_note(graph.objects(subject, SKOS.definition)),
            scope_note=_note(graph.objects(subject, SKOS.scopeNote)),
            history_note=_note(graph.objects(subject, SKOS.historyNote)),
            sources=sorted(
                {
                    clean_line(str(v))
                    for v in graph.objects(subject, DCTERMS.source)
                    if isinstance(v, URIRef) or (isinstance(v, Literal) and v.language in (None, "fr"))
                }
                - {""}
            ),
            broader=_both_ways(graph, subject, SKOS.broader, SKOS.narrower),
            related=_both_ways(graph, subject, SKOS.related, SKOS.related),
            replaced_by=_both_ways(graph, subject, DCTERMS.isReplacedBy, DCTERMS.replaces),
            **years,
        )
        errors += ambiguity_errors(concepts[uri])
    if not concepts and not errors:
        errors.append("Le fichier ne contient aucun concept SKOS (skos:Concept).")
    errors += link_errors(concepts)
    seen: dict[str, str] = {}
    for concept in concepts.values():
        if concept.notation in seen:
            errors.append(
                f"Notation « {concept.notation} » portée par deux concepts ({seen[concept.notation]}, {concept.uri})."
            )
        seen[concept.notation] = concept.uri
    errors += cycles(concepts)
    errors += label_clashes(concepts)
    if errors:
        raise SkosImportError(errors)
    return list(concepts.values())


@transaction.atomic
def import_skos(raw: bytes, format: str | None = None) -> SkosReport:
    concepts = parse_skos(raw, format)
    existing = {c.uri: c for c in Concept.objects.filter(uri__in=[c.uri for c in concepts])}
    clashes = Concept.objects.filter(notation__in=[c.notation for c in concepts]).exclude(
        uri__in=[c.uri for c in concepts]
    )
    if clashes:
        raise SkosImportError(
            [f"Notation « {c.notation} » déjà utilisée par un autre concept ({c.uri})." for c in clashes]
        )
    report = SkosReport()
    stored = {}
    # Two passes, so that concepts may exchange their notations within one import.
    for concept in existing.values():
        Concept.objects.filter(pk=concept.pk).update(notation=f"tmp-{concept.pk}")
    for data in concepts:
        concept = existing.get(data.uri) or Concept(uri=data.uri)
        report.created += concept.pk is None
        report.updated += concept.pk is not None
        concept.scheme, concept.notation, concept.pref_label = data.scheme, data.notation, data.pref_label
        for name in ["alt_labels", "hidden_labels", "ambiguous_labels"]:
            setattr(concept, name, "\n".join(getattr(data, name)))
        concept.definition, concept.scope_note, concept.history_note = (
            data.definition,
            data.scope_note,
            data.history_note,
        )
        concept.start_year, concept.end_year, concept.source = data.start_year, data.end_year, "\n".join(data.sources)
        concept.save()
        stored[data.uri] = concept
    linked = {uri for d in concepts for uri in [*d.broader, *d.related, *d.replaced_by]}
    by_uri = {c.uri: c for c in Concept.objects.filter(uri__in=linked)}
    by_uri.update(stored)
    for data in concepts:
        for name in ["broader", "related", "replaced_by"]:
            getattr(stored[data.uri], name).set([by_uri[uri] for uri in getattr(data, name)])
    return report


def export_skos(format: str = "turtle") -> bytes:
    if format not in FORMATS:
        raise ValueError(format)
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("pa", Namespace(base_uri()))
    graph.bind("schema", SCHEMA)
    for scheme in Scheme:
        graph.add((scheme_uri(scheme), RDF.type, SKOS.ConceptScheme))
        graph.add((scheme_uri(scheme), SKOS.prefLabel, Literal(scheme.label.capitalize(), lang="fr")))
    for concept in Concept.objects.prefetch_related("broader", "related", "replaced_by"):
        subject = URIRef(concept.uri)
        graph.add((subject, RDF.type, SKOS.Concept))
        graph.add((subject, SKOS.inScheme, scheme_uri(concept.scheme)))
        graph.add((subject, SKOS.notation, Literal(concept.notation)))
        # Cleaned (core.text): RDF/XML cannot carry a control character stored in a label.
        graph.add((subject, SKOS.prefLabel, Literal(clean_line(concept.pref_label), lang="fr")))
        for label in concept.alt_labels_list:
            graph.add((subject, SKOS.altLabel, Literal(clean_line(label), lang="fr")))
        for label in concept.hidden_labels_list:
            graph.add((subject, SKOS.hiddenLabel, Literal(clean_line(label), lang="fr")))
        for label in concept.ambiguous_labels_list:
            graph.add((subject, ambiguous_label(), Literal(clean_line(label), lang="fr")))
        for predicate, note in [
            (SKOS.definition, concept.definition),
            (SKOS.scopeNote, concept.scope_note),
            (SKOS.historyNote, concept.history_note),
        ]:
            if note:
                graph.add((subject, predicate, Literal(clean_text(note), lang="fr")))
        for predicate, year in [(SCHEMA.startDate, concept.start_year), (SCHEMA.endDate, concept.end_year)]:
            if year:
                graph.add((subject, predicate, Literal(f"{year:04d}", datatype=XSD.gYear)))
        for source in concept.sources:
            value = URIRef(source.text) if source.url else Literal(clean_line(source.text), lang="fr")
            graph.add((subject, DCTERMS.source, value))
        for other in concept.related.all():
            graph.add((subject, SKOS.related, URIRef(other.uri)))
            graph.add((URIRef(other.uri), SKOS.related, subject))
        for successor in concept.replaced_by.all():
            graph.add((subject, DCTERMS.isReplacedBy, URIRef(successor.uri)))
            graph.add((URIRef(successor.uri), DCTERMS.replaces, subject))
        broader = list(concept.broader.all())
        for parent in broader:
            graph.add((subject, SKOS.broader, URIRef(parent.uri)))
            graph.add((URIRef(parent.uri), SKOS.narrower, subject))
        if not broader:
            graph.add((subject, SKOS.topConceptOf, scheme_uri(concept.scheme)))
    return graph.serialize(format=format, encoding="utf-8")
