from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .services import presentation
from .services.querying import SearchRequest, search, suggestions


@require_safe
def results(request):
    search_request = SearchRequest.from_query_dict(request.GET)
    result = search(search_request)
    context = presentation.page_context(result)
    return render(request, "search/results.html", context)


@require_safe
def results_json(request):
    """The same search, same parameters, as JSON (for the API and for scripts)."""
    search_request = SearchRequest.from_query_dict(request.GET)
    result = search(search_request)
    return JsonResponse(presentation.as_json(result, request), json_dumps_params={"ensure_ascii": False})


@require_safe
def suggestions_json(request):
    return JsonResponse({"results": suggestions(request.GET.get("q", ""))}, json_dumps_params={"ensure_ascii": False})
