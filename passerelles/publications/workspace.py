"""Where a centre's staff manage their series and publications and attach the PDF documents
(editorial.workspace); what is their own: the series, the contributors, the documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from passerelles.accounts.permissions import Action, centres_where
from passerelles.core.changes import changes_of
from passerelles.core.slugs import unique_slug
from passerelles.editorial.workflow import Transition
from passerelles.editorial.workspace import ReviewWorkspace

from .forms import DocumentForm, PublicationForm, SeriesForm, contributor_formset
from .models import RESERVED_SLUGS, Document, Publication, Series
from .services.documents import FileRefused, add_document, max_size_mb, remove_document
from .services.workflow import delete_publication, may_manage_series, save_series


class PublicationWorkspace(ReviewWorkspace):
    model = Publication
    app = "publications"
    detail_url = "workspace_publication"
    context_name = "publication"
    files_path = "documents"
    add_file_url = "upload"
    remove_file_url = "remove_document"
    reserved_slugs = RESERVED_SLUGS
    slug_fallback = "publication"
    words = {
        "saved": "Publication enregistrée.",
        "deleted": "Publication supprimée.",
        "new": "Nouvelle publication",
        "edit": "Modifier la publication",
        "not_saved": "La publication n'est pas enregistrée",
        "advance": "Faire avancer la publication",
        "see": "Voir la publication",
        "delete": "Supprimer cette publication non publiée",
        "confirm_remove": "Retirer ce document ?",
        "confirm_delete": "Supprimer définitivement cette publication ?",
        "file_added": "Document ajouté.",
        "file_refused": "Document refusé",
        "file_removed": "Document retiré.",
    }
    done = {
        Transition.SUBMIT: "Publication soumise à relecture.",
        Transition.PUBLISH: "Publication publiée.",
        Transition.RETURN: "Publication renvoyée à son auteur avec votre commentaire.",
        Transition.ARCHIVE: "Publication archivée.",
        Transition.REOPEN: "Publication remise en brouillon.",
    }
    file_model = Document
    file_owner = "publication"
    file_form = DocumentForm
    add_file = staticmethod(add_document)
    remove_file = staticmethod(remove_document)
    file_refused = FileRefused

    def rows_queryset(self, centres):
        return super().rows_queryset(centres).select_related("series")

    def index_context(self, rows, centres):
        return {"series_list": Series.objects.filter(centre__in=centres).select_related("centre")}

    def detail_queryset(self):
        return super().detail_queryset().select_related("series")

    def detail_context(self, request, publication):
        return {"documents": publication.documents.all()}

    def form(self, request, publication, centres):
        serie = request.GET.get("serie")
        initial = {"series": serie} if publication is None and serie else None
        return PublicationForm(request.POST or None, instance=publication, centres=centres, initial=initial)

    def formsets(self, data, instance):
        return contributor_formset(data, instance=instance)

    def file_form_kwargs(self):
        return {"max_mb": max_size_mb()}

    def delete_content(self, user, publication):
        delete_publication(user, publication)


publications = PublicationWorkspace()


@login_required
def edit_series(request, slug=None):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    series = get_object_or_404(Series, slug=slug) if slug else None
    if (series and not may_manage_series(request.user, series)) or (series is None and not centres.exists()):
        raise PermissionDenied
    form = SeriesForm(request.POST or None, instance=series, centres=centres)
    if request.method == "POST" and form.is_valid():
        if series is None:
            form.instance.slug = unique_slug(Series, form.cleaned_data["title"], RESERVED_SLUGS, "serie")
        saved = save_series(request.user, changes_of(form))
        messages.success(request, "Série enregistrée.")
        return redirect(saved)
    return render(request, "publications/workspace/series_edit.html", {"form": form, "series": series})
