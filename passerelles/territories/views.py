from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .models import Territory


@require_safe
def autocomplete(request):
    """Communes matching what the person types: name (accents and case ignored), postcode or code."""
    query = request.GET.get("q", "")[:100]
    results = Territory.objects.search(query, limit=10)
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "code": t.code,
                    "name": t.name,
                    "label": t.label,
                    "departement": t.department_code,
                    "population": t.population,
                }
                for t in results
            ],
        }
    )
