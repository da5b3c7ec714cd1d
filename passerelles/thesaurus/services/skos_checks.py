"""The checks of a vocabulary an import would leave, each problem told in French: labels that would
name two concepts, links to unknown concepts, loops, ambiguous labels that are not labels."""

from ..models import Concept
from .skos_terms import ConceptData, fold_label, scheme_name

LINKS = {
    "broader": "concept générique",
    "related": "concept associé",
    "replaced_by": "concept remplaçant",
}


def link_errors(concepts: dict[str, ConceptData]) -> list[str]:
    """Links to concepts neither in the file nor stored, and concepts linked to themselves."""
    known = set(concepts) | set(Concept.objects.values_list("uri", flat=True))
    errors = []
    for concept in concepts.values():
        for attribute, name in LINKS.items():
            for target in getattr(concept, attribute):
                if target not in known:
                    errors.append(f"Concept « {concept.uri} » : {name} inconnu « {target} ».")
                elif target == concept.uri and attribute != "broader":  # a broader loop is told below
                    errors.append(f"Concept « {concept.uri} » : il ne peut pas être son propre {name}.")
    return errors


def cycles(concepts: dict[str, ConceptData]) -> list[str]:
    """A concept may not be its own broader concept, nor replaced by itself, directly or not."""
    errors = []
    for attribute, loop in [("broader", "concept générique (boucle skos:broader)"), ("replaced_by", "remplaçant")]:
        for start in concepts:
            stack, seen = list(getattr(concepts[start], attribute)), set()
            while stack:
                current = stack.pop()
                if current == start:
                    if attribute == "broader" or start not in getattr(concepts[start], attribute):
                        errors.append(f"Concept « {start} » : il est son propre {loop}.")
                    break
                if current in seen or current not in concepts:
                    continue
                seen.add(current)
                stack.extend(getattr(concepts[current], attribute))
    return errors


def ambiguity_errors(concept: ConceptData) -> list[str]:
    """An ambiguous label tells how to use one of the concept's labels: it must be one of them."""
    labels = {fold_label(label) for label in [concept.pref_label, *concept.alt_labels]}
    return [
        f"Concept « {concept.uri} » : le libellé ambigu « {label} » n'est ni son libellé préférentiel ni un de ses "
        "libellés alternatifs."
        for label in concept.ambiguous_labels
        if fold_label(label) not in labels
    ]


def label_clashes(concepts: dict[str, ConceptData]) -> list[str]:
    """Within a scheme, a label (preferred, alternative or hidden) names one concept only."""
    kept = Concept.objects.exclude(uri__in=list(concepts))
    vocabulary = list(concepts.values()) + [ConceptData.of(c) for c in kept]
    preferred: dict[tuple[str, str], ConceptData] = {}  # (scheme, folded label) -> concept
    errors = []
    for concept in vocabulary:
        key = (concept.scheme, fold_label(concept.pref_label))
        if key in preferred:
            other = preferred[key]
            errors.append(
                f"Libellé préférentiel « {concept.pref_label} » porté par deux concepts du vocabulaire "
                f"{scheme_name(concept.scheme)} : « {other.uri} » (« {other.pref_label} ») et « {concept.uri} »."
            )
        else:
            preferred[key] = concept
    others: dict[tuple[str, str], ConceptData] = {}  # (scheme, folded label) -> concept, not preferred
    for concept in vocabulary:
        for kind, labels in [("alternatif", concept.alt_labels), ("caché", concept.hidden_labels)]:
            for label in labels:
                key = (concept.scheme, fold_label(label))
                owner = preferred.get(key)
                if owner and owner.uri == concept.uri:
                    errors.append(
                        f"Concept « {concept.uri} » : « {label} » est à la fois son libellé préférentiel et un "
                        f"libellé {kind}."
                    )
                elif owner:
                    errors.append(
                        f"« {label} » est le libellé préférentiel de « {owner.uri} » et un libellé {kind} de "
                        f"« {concept.uri} » : un libellé ne peut désigner qu'un concept."
                    )
                elif key in others and others[key].uri != concept.uri:
                    errors.append(
                        f"« {label} » est un libellé de « {others[key].uri} » et de « {concept.uri} » : un libellé ne "
                        "peut désigner qu'un concept."
                    )
                else:
                    others[key] = concept
    return errors
