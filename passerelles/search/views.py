import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from passerelles.centres.services.freshness import directory_version
from passerelles.core.fragments import cached_page
from passerelles.search_index.engine import SearchUnavailable, get_engine

from .services import presentation
from .services.querying import search
from .services.request import SearchRequest
from .services.suggesting import suggestions

logger = logging.getLogger(__name__)

UNAVAILABLE = "La recherche est momentanément indisponible. Réessayez dans quelques minutes."
RETRY_AFTER = "300"  # seconds: about what a rebuild of the whole network takes


@require_safe
def results(request):
    search_request = SearchRequest.from_query_dict(request.GET)
    try:
        return cached_page(
            request,
            "search",
            index_version(),
            "search/results.html",
            lambda: presentation.page_context(search(search_request)),
        )
    except SearchUnavailable as error:
        response = render(
            request, "search/unavailable.html", presentation.unavailable_context(search_request), status=503
        )
        return _unavailable(response, error)


def index_version():
    """What a results page depends on: the index's commit (a stat of its meta.json, as every search
    makes), the directory (names of centres and places) and the day."""
    engine = get_engine()
    engine.searcher()
    return f"{engine.commit()}|{directory_version()}|{timezone.localdate()}"


@require_safe
def results_json(request):
    """The same search, same parameters, as JSON (for the API and for scripts)."""
    search_request = SearchRequest.from_query_dict(request.GET)
    try:
        result = search(search_request)
    except SearchUnavailable as error:
        return _unavailable(_json({"erreur": UNAVAILABLE, "requete": search_request.q}, status=503), error)
    return _json(presentation.as_json(result, request))


@require_safe
def suggestions_json(request):
    try:
        found = suggestions(request.GET.get("q", ""))
    except SearchUnavailable as error:
        return _unavailable(_json({"erreur": UNAVAILABLE, "results": []}, status=503), error)
    return _json({"results": found})


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _unavailable(response, error):
    """A missing or damaged index is said, logged, and never shown as « Aucun résultat »."""
    logger.error("Network search unavailable (run rebuild_search_index): %s", error, exc_info=error)
    response["Retry-After"] = RETRY_AFTER
    return response
