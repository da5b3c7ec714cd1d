"""An alert is a network search kept as its URL parameters: read back by SearchRequest.from_query_dict,
exactly as the search page reads its URL."""

from typing import Any, cast
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from passerelles.search.services.presentation import Labels
from passerelles.search.services.request import FACET_LABELS, SearchRequest

from ..enums import ALL_TYPES
from ..models import Alert

MAX_ALERTS = 20
TITLE_LENGTH = 300


def query_dict(params: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, [str(item) for item in value] if isinstance(value, list) else [str(value)])
    return data


def saved_params(request: SearchRequest) -> dict[str, Any]:
    """What an alert keeps of a search: its words and filters, neither the page nor the type (the
    alert's own content types replace it)."""
    return request.to_params(type=None)


def initial_types(request: SearchRequest) -> list[str]:
    chosen = [value for value in request.filters.get("type", []) if value in ALL_TYPES]
    return chosen or list(ALL_TYPES)


def search_request(alert: Alert) -> SearchRequest:
    """The search an alert runs: its saved parameters read as the search page reads a URL. Its
    content types are not in it: the search's type filter takes one type (its values are all
    required), the digest asks for any of the alert's types (services.digest)."""
    request = SearchRequest.from_query_dict(query_dict(alert.params))
    request.filters.pop("type", None)
    request.page = 1
    return request


def types_of(alert: Alert) -> list[str]:
    return [value for value in ALL_TYPES if value in alert.types]


def results_url(alert: Alert) -> str:
    """The search page of an alert: with its type when it has only one (the page filters on one
    type at a time), else every type."""
    request = search_request(alert)
    types = types_of(alert)
    if len(types) == 1:
        request.filters["type"] = types
    return f"{reverse('search:results')}?{urlencode(request.to_params(), doseq=True)}"


def describe(request: SearchRequest) -> str:
    """A title in French: « réussite éducative — Territoire : Finistère (29) »."""
    labels = Labels(cast(Any, None))
    parts = [f"« {request.q} »"] if request.q else []
    for field_name, values in request.filters.items():
        if field_name == "type":
            continue
        names = ", ".join(labels.of(field_name, value) for value in values)
        parts.append(f"{FACET_LABELS.get(field_name, 'Territoire')} : {names}")
    return (" — ".join(parts) or "Tout le réseau")[:TITLE_LENGTH]
