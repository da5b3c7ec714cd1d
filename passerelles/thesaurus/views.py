from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .enums import Scheme
from .models import Concept
from .services.skos import FORMATS, export_skos


@require_GET
def index(request):
    concepts = Concept.objects.prefetch_related("broader")
    schemes = [(scheme, [c for c in concepts if c.scheme == scheme]) for scheme in Scheme]
    return render(request, "thesaurus/index.html", {"schemes": schemes})


@require_GET
def export(request, format):
    extension = {"turtle": "ttl", "xml": "rdf"}[format]
    response = HttpResponse(export_skos(format), content_type=f"{FORMATS[format]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thesaurus-politique-de-la-ville.{extension}"'
    return response
