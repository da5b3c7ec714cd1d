"""A concept of the thesaurus in schema.org terms (JSON-LD): a DefinedTerm of its vocabulary, named by
its SKOS URI (the one the SKOS export gives) and its page, for what sheets and publications are about."""

from typing import Any

from django.urls import reverse

from passerelles.core.jsonld import CONTEXT, compact

from .enums import Scheme
from .models import Concept
from .services.skos_terms import base_uri


def term(concept: Concept, absolute) -> dict[str, Any]:
    return {
        "@type": "DefinedTerm",
        "@id": concept.uri,
        "name": concept.pref_label,
        "termCode": concept.notation,
        "url": absolute(concept.get_absolute_url()),
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": base_uri() + concept.scheme,
            "name": f"Thésaurus de la politique de la ville : {Scheme(concept.scheme).label}",
            "url": absolute(reverse("thesaurus:index")),
        },
    }


def concept_term(concept: Concept, absolute) -> dict[str, Any]:
    """The concept's own page: the term with its other labels (acronyms, synonyms) and definition."""
    data = {
        "@context": CONTEXT,
        **term(concept, absolute),
        "alternateName": concept.alt_labels_list,
        "description": concept.definition,
    }
    return compact(data)


def audience(publics) -> dict[str, Any] | None:
    """The publics a piece is meant for (concepts of the vocabulary « publics »), in one Audience."""
    names = [concept.pref_label for concept in publics]
    return {"@type": "Audience", "audienceType": ", ".join(names)} if names else None
