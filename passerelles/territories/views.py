from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .enums import Kind
from .services.lookup import MAX_QUERY, suggest


@require_safe
def autocomplete(request):
    """Communes matching what the person types: name (accents and case ignored), with its département
    or région ("Saint-Denis 93", "St-Denis (Réunion)"), postcode or code; an arrondissement of Paris,
    Lyon or Marseille once more than the city's name is typed."""
    query = request.GET.get("q", "")[:MAX_QUERY]
    results = suggest(query, limit=10)
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
                    **({"kind": f"arrondissement de {t.parent.name}"} if t.kind == Kind.ARRONDISSEMENT else {}),
                }
                for t in results
            ],
        }
    )
