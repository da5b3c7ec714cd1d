from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from passerelles.accounts.permissions import Action, can
from passerelles.core import collation
from passerelles.core.downloads import as_download
from passerelles.core.fragments import cached_page
from passerelles.core.jsonld import script

from . import jsonld
from .enums import Scheme
from .forms import SkosUploadForm
from .models import Concept
from .services.freshness import thesaurus_version
from .services.skos import FORMATS, MAX_SIZE, SkosImportError, export_skos, import_skos


@require_safe
def index(request):
    """Every concept by vocabulary, in French order, each leading to its own page."""

    def build():
        concepts = collation.sorted_by(Concept.objects.all(), key="pref_label")
        schemes = [(scheme, [c for c in concepts if c.scheme == scheme]) for scheme in Scheme]
        may_import = can(request.user, Action.MANAGE_NETWORK)
        return {"schemes": schemes, "upload_form": SkosUploadForm() if may_import else None}

    return cached_page(request, "thesaurus", thesaurus_version(), "thesaurus/index.html", build)


@require_safe
def concept(request, notation):
    """A concept: its definition, dates, labels, links to the schemes before and after it, sources."""

    def build():
        linked = Concept.objects.prefetch_related("broader", "related", "replaced_by", "replaces")
        concept = get_object_or_404(linked, notation=notation)
        return {"concept": concept, "jsonld": script(jsonld.concept_term(concept, request.build_absolute_uri))}

    return cached_page(request, f"concept:{notation}", thesaurus_version(), "thesaurus/concept.html", build)


@login_required
def upload(request):
    """National animators import a SKOS file: all or nothing, every problem listed in French."""
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    form = SkosUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            if uploaded.size > MAX_SIZE:
                raise SkosImportError([f"Le fichier dépasse {MAX_SIZE // (1024 * 1024)} Mo."])
            report = import_skos(uploaded.read())
        except SkosImportError as error:
            errors = error.errors
        else:
            messages.success(
                request, f"Thésaurus importé : {report.created} concepts créés, {report.updated} mis à jour."
            )
            return redirect("thesaurus:index")
    return render(request, "thesaurus/upload.html", {"form": form, "errors": errors})


@require_safe
def export(request, format):
    extension = {"turtle": "ttl", "xml": "rdf"}[format]
    response = HttpResponse(export_skos(format), content_type=f"{FORMATS[format]}; charset=utf-8")
    return as_download(response, f"thesaurus-politique-de-la-ville.{extension}")
