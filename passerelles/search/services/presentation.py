"""What the results page and the JSON endpoint show: labels, links that keep the state, pages."""

from dataclasses import replace
from operator import itemgetter
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from passerelles.core import collation
from passerelles.search_index.engine import FACET_FIELDS, TERRITORY_FIELD, day_date
from passerelles.search_index.registry import mappings
from passerelles.territories.models import Territory

from . import vocabulary
from .querying import SearchResult
from .request import FACET_LABELS, FIELD_PARAMETERS, PAGE_SIZE, SearchRequest

FACETS_SHOWN = 8  # the others are behind « Afficher plus »


class Labels:
    """Readable names of facet values (kept in the process; a query only for a territory filter)."""

    def __init__(self, result: SearchResult) -> None:
        thesaurus = vocabulary.thesaurus()
        self.concepts = thesaurus.pref_labels
        self.territories = vocabulary.territory_names()
        self.types = {name: mapping.label_plural for name, mapping in mappings().items()}
        self.centres = vocabulary.centre_names()

    def of(self, field_name: str, value: str) -> str:
        if field_name == "type":
            return self.types.get(value, value)
        if field_name in ("theme", "scheme", "public"):
            return self.concepts.get(value, value)
        if field_name in ("region", "departement"):
            return self.territories.get(f"{field_name}:{value}", value)
        if field_name == "centre":
            return self.centres.get(value, value)
        if field_name == TERRITORY_FIELD:
            kind, _, code = value.partition(":")
            territory = Territory.objects.filter(kind=kind, code=code).select_related("parent").first()
            return territory.label if territory else value
        return value


def url_for(request: SearchRequest, **changes: Any) -> str:
    path = reverse("search:results")
    query = urlencode(request.to_params(**changes), doseq=True)
    return f"{path}?{query}" if query else path


def facet_groups(result: SearchResult, labels: Labels) -> list[dict[str, Any]]:
    request = result.request
    path = reverse("search:results")
    groups = []
    for field_name in FACET_FIELDS:
        if field_name == "departement" and not ({"region", "departement"} & set(request.filters)):
            continue  # région first, then its départements
        parameter = FIELD_PARAMETERS[field_name]
        selected = request.filters.get(field_name, [])
        without: dict[str, Any] = {field_name: []}
        others = urlencode(request.to_params(**without), doseq=True)

        def link(values: list[str], others: str = others, parameter: str = parameter) -> str:
            query = "&".join(part for part in (others, urlencode([(parameter, v) for v in values])) if part)
            return f"{path}?{query}" if query else path

        counts = result.facets.get(field_name, [])
        known = {value for value, _ in counts}
        # A chosen value with no result left is still listed, with 0, so that it can be removed.
        counts = [*counts, *((value, 0) for value in selected if value not in known)]
        items = []
        for value, count in counts:
            chosen = value in selected
            values = [v for v in selected if v != value] if chosen else [*selected, value]
            items.append(
                {
                    "value": value,
                    "label": labels.of(field_name, value),
                    "count": count,
                    "selected": chosen,
                    "url": link(values),
                }
            )
        if field_name == "year":
            items.sort(key=lambda item: item["value"], reverse=True)
            shown, more = items[:FACETS_SHOWN], items[FACETS_SHOWN:]
        else:
            # The chosen values and the most frequent are shown; each part in French alphabetical order.
            items.sort(key=lambda item: (not item["selected"], -item["count"], collation.key(item["label"])))
            shown = collation.sorted_by(items[:FACETS_SHOWN], key=itemgetter("label"))
            more = collation.sorted_by(items[FACETS_SHOWN:], key=itemgetter("label"))
        if items:
            groups.append(
                {
                    "field": field_name,
                    "parameter": parameter,
                    "label": FACET_LABELS[field_name],
                    "shown": shown,
                    "more": more,
                }
            )
    return groups


def active_filters(request: SearchRequest, labels: Labels) -> list[dict[str, str]]:
    chips = []
    for field_name, values in request.filters.items():
        for value in values:
            chips.append(
                {
                    "label": f"{FACET_LABELS.get(field_name, 'Territoire')} : {labels.of(field_name, value)}",
                    "url": url_for(request, **{field_name: [v for v in values if v != value]}),
                }
            )
    return chips


def pages(result: SearchResult) -> dict[str, Any]:
    request = result.request
    count = min((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 51)
    current = request.page

    return {
        "count": count,
        "current": current,
        "first": url_for(request, page=1) if current > 1 else "",
        "previous": url_for(request, page=current - 1) if current > 1 else "",
        "next": url_for(request, page=current + 1) if current < count else "",
        "last": url_for(request, page=count) if current < count else "",
    }


def hits(result: SearchResult, labels: Labels) -> list[dict[str, Any]]:
    return [
        {
            "hit": hit,
            "centre": labels.centres.get(hit.centre, ""),
            "date": day_date(hit.day),
        }
        for hit in result.hits
    ]


def hidden_filters(request: SearchRequest) -> list[tuple[str, str]]:
    return [(FIELD_PARAMETERS[f], v) for f, values in request.filters.items() for v in values]


def unavailable_context(request: SearchRequest) -> dict[str, Any]:
    """The page said when the index is missing or damaged: the search form keeps what was asked."""
    return {"query": request, "hidden_filters": hidden_filters(request)}


def page_context(result: SearchResult) -> dict[str, Any]:
    labels = Labels(result)
    request = result.request
    return {
        "result": result,
        "query": request,
        "json_query": urlencode(request.to_params(page=request.page), doseq=True),
        "hits": hits(result, labels),
        "facets": facet_groups(result, labels),
        "active_filters": active_filters(request, labels),
        "pages": pages(result),
        "suggestion_url": url_for(SearchRequest(q=result.suggestion, filters=request.filters))
        if result.suggestion
        else "",
        "hidden_filters": hidden_filters(request),
        "first_rank": (request.page - 1) * PAGE_SIZE + 1,
        "corrections": result.corrections,
        "as_typed_url": url_for(replace(request, as_typed=True)) if result.corrections else "",
        "widened": result.widened,
        "homonyms": [
            {"label": place.label, "url": url_for(request, **{TERRITORY_FIELD: [place.key]})}
            for place in result.homonyms
        ],
    }


def as_json(result: SearchResult, http_request: HttpRequest) -> dict[str, Any]:
    labels = Labels(result)
    request = result.request
    return {
        "requete": request.q,
        "filtres": {FIELD_PARAMETERS[f]: values for f, values in request.filters.items()},
        "page": request.page,
        "taille_page": PAGE_SIZE,
        "total": result.total,
        "messages": request.errors,
        "suggestion": result.suggestion,
        "corrections": [{"saisi": typed, "cherche": corrected} for typed, corrected in result.corrections],
        "homonymes": [{"libelle": place.label, "territoire": place.key} for place in result.homonyms],
        "elargissements": [{"saisi": typed, "ajoutes": added} for typed, added in result.widened],
        "resultats": [
            {
                "type": item["hit"].type,
                "titre_html": item["hit"].title_html,
                "extrait_html": item["hit"].extract_html,
                "url": http_request.build_absolute_uri(item["hit"].url),
                "centre": item["centre"],
                "date": item["date"].isoformat(),
                "score": round(item["hit"].score, 4),
            }
            for item in hits(result, labels)
        ],
        "facettes": {
            group["parameter"]: [
                {"valeur": i["value"], "libelle": i["label"], "nombre": i["count"], "choisie": i["selected"]}
                for i in group["shown"] + group["more"]
            ]
            for group in facet_groups(result, labels)
        },
    }
