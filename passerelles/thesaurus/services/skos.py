"""Import and export the vocabulary as SKOS (Turtle or RDF/XML), with rdflib.

An import is validated whole before anything is written, then applied in one transaction: a bad
file is refused with every problem listed in French and the stored vocabulary stays as it was.
Concepts are matched by URI; concepts absent from the file are kept (content may use them).

An RDF/XML file declaring a document type or entities is refused before rdflib reads it
(core.xml_input). Labels are cleaned (core.text) and kept on one line. Within one vocabulary
(scheme), and in French (the only language imported), a preferred label names one concept only,
and is nobody's alternative label: compared with case, accents and spacing folded ("Éducation",
"education " and "ÉDUCATION" are one label), since a search or a person picking a theme could not
tell them apart. The vocabulary checked is the one the import would leave: the file's concepts and
the stored ones it does not mention.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from passerelles.core.imports import ImportRejected
from passerelles.core.text import clean_line, clean_text
from passerelles.core.xml_input import XmlRefused, check_xml

from ..enums import Scheme
from ..models import Concept

FORMATS = {"turtle": "text/turtle", "xml": "application/rdf+xml"}
MAX_SIZE = 10 * 1024 * 1024
XML_STARTS = (b"<?xml", b"<rdf", b"<RDF", b"<!DOCTYPE", b"<!doctype", b"<!--")
NOTATION = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class SkosImportError(ImportRejected):
    pass


def base_uri() -> str:
    return settings.PASSERELLES["THESAURUS_BASE_URI"]


def scheme_uri(scheme: str) -> URIRef:
    return URIRef(base_uri() + scheme)


@dataclass
class ConceptData:
    uri: str
    scheme: str
    notation: str
    pref_label: str
    alt_labels: list = field(default_factory=list)
    scope_note: str = ""
    broader: list = field(default_factory=list)


@dataclass
class SkosReport:
    created: int = 0
    updated: int = 0


def _french(values: Iterable[object]) -> list[str]:
    """Literals in French (or without a language), cleaned and on one line, in a stable order."""
    return sorted(clean_line(str(v)) for v in values if isinstance(v, Literal) and (v.language in (None, "fr")))


def fold_label(label: str) -> str:
    """A label as a reader tells it from others: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


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
        concepts[uri] = ConceptData(
            uri=uri,
            scheme=in_schemes[0],
            notation=notation,
            pref_label=labels[0].strip(),
            alt_labels=[label.strip() for label in _french(graph.objects(subject, SKOS.altLabel)) if label.strip()],
            scope_note="\n".join(
                clean_text(str(v))
                for v in graph.objects(subject, SKOS.scopeNote)
                if isinstance(v, Literal) and v.language in (None, "fr")
            ),
            broader=sorted(
                {str(b) for b in graph.objects(subject, SKOS.broader)}
                | {str(n) for n in graph.subjects(SKOS.narrower, subject)}  # stated from the other side
            ),
        )
    if not concepts and not errors:
        errors.append("Le fichier ne contient aucun concept SKOS (skos:Concept).")
    known = set(concepts) | set(Concept.objects.values_list("uri", flat=True))
    for concept in concepts.values():
        for broader in concept.broader:
            if broader not in known:
                errors.append(f"Concept « {concept.uri} » : concept générique inconnu « {broader} ».")
    seen: dict[str, str] = {}
    for concept in concepts.values():
        if concept.notation in seen:
            errors.append(
                f"Notation « {concept.notation} » portée par deux concepts ({seen[concept.notation]}, {concept.uri})."
            )
        seen[concept.notation] = concept.uri
    errors += _cycles(concepts)
    errors += _label_clashes(concepts)
    if errors:
        raise SkosImportError(errors)
    return list(concepts.values())


def _label_clashes(concepts: dict[str, ConceptData]) -> list[str]:
    """Preferred labels shared by two concepts of a scheme, or also used as an alternative label."""
    kept = Concept.objects.exclude(uri__in=list(concepts))
    vocabulary = list(concepts.values()) + [
        ConceptData(c.uri, c.scheme, c.notation, c.pref_label, c.alt_labels_list) for c in kept
    ]
    preferred: dict[tuple[str, str], ConceptData] = {}  # (scheme, folded label) -> concept
    errors = []
    for concept in vocabulary:
        key = (concept.scheme, fold_label(concept.pref_label))
        if key in preferred:
            other = preferred[key]
            errors.append(
                f"Libellé préférentiel « {concept.pref_label} » porté par deux concepts du vocabulaire "
                f"{Scheme(concept.scheme).label} : « {other.uri} » (« {other.pref_label} ») et « {concept.uri} »."
            )
        else:
            preferred[key] = concept
    for concept in vocabulary:
        for label in concept.alt_labels:
            owner = preferred.get((concept.scheme, fold_label(label)))
            if owner is concept or (owner and owner.uri == concept.uri):
                errors.append(
                    f"Concept « {concept.uri} » : « {label} » est à la fois son libellé préférentiel et un "
                    "libellé alternatif."
                )
            elif owner:
                errors.append(
                    f"« {label} » est le libellé préférentiel de « {owner.uri} » et un libellé alternatif de "
                    f"« {concept.uri} » : un libellé ne peut désigner qu'un concept."
                )
    return errors


def _cycles(concepts: dict[str, ConceptData]) -> list[str]:
    """A concept may not be its own broader concept, directly or not."""
    errors = []
    for start in concepts:
        stack, seen = list(concepts[start].broader), set()
        while stack:
            current = stack.pop()
            if current == start:
                errors.append(f"Concept « {start} » : il est son propre concept générique (boucle skos:broader).")
                break
            if current in seen or current not in concepts:
                continue
            seen.add(current)
            stack.extend(concepts[current].broader)
    return errors


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
        concept.alt_labels, concept.scope_note = "\n".join(data.alt_labels), data.scope_note
        concept.save()
        stored[data.uri] = concept
    by_uri = {c.uri: c for c in Concept.objects.filter(uri__in={b for d in concepts for b in d.broader})}
    by_uri.update(stored)
    for data in concepts:
        stored[data.uri].broader.set([by_uri[b] for b in data.broader])
    return report


def export_skos(format: str = "turtle") -> bytes:
    if format not in FORMATS:
        raise ValueError(format)
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("pa", Namespace(base_uri()))
    for scheme in Scheme:
        graph.add((scheme_uri(scheme), RDF.type, SKOS.ConceptScheme))
        graph.add((scheme_uri(scheme), SKOS.prefLabel, Literal(scheme.label.capitalize(), lang="fr")))
    for concept in Concept.objects.prefetch_related("broader"):
        subject = URIRef(concept.uri)
        graph.add((subject, RDF.type, SKOS.Concept))
        graph.add((subject, SKOS.inScheme, scheme_uri(concept.scheme)))
        graph.add((subject, SKOS.notation, Literal(concept.notation)))
        # Cleaned (core.text): RDF/XML cannot carry a control character stored in a label.
        graph.add((subject, SKOS.prefLabel, Literal(clean_line(concept.pref_label), lang="fr")))
        for label in concept.alt_labels_list:
            graph.add((subject, SKOS.altLabel, Literal(clean_line(label), lang="fr")))
        if concept.scope_note:
            graph.add((subject, SKOS.scopeNote, Literal(clean_text(concept.scope_note), lang="fr")))
        broader = list(concept.broader.all())
        for parent in broader:
            graph.add((subject, SKOS.broader, URIRef(parent.uri)))
            graph.add((URIRef(parent.uri), SKOS.narrower, subject))
        if not broader:
            graph.add((subject, SKOS.topConceptOf, scheme_uri(concept.scheme)))
    return graph.serialize(format=format, encoding="utf-8")
