"""Where a centre's staff manage their series and publications and attach the PDF documents.
Every write goes through core.workflow or services, which check permissions on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import all_valid
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.core import workflow
from passerelles.core.changes import changes_of
from passerelles.core.forms import TransitionForm
from passerelles.core.slugs import unique_slug

from .forms import DocumentForm, PublicationForm, SeriesForm, contributor_formset
from .models import RESERVED_SLUGS, Document, Publication, Series
from .services.documents import FileRefused, add_document, max_size_mb, remove_document
from .services.workflow import delete_publication, may_manage_series, save_series

DONE = {
    workflow.Transition.SUBMIT: "Publication soumise à relecture.",
    workflow.Transition.PUBLISH: "Publication publiée.",
    workflow.Transition.RETURN: "Publication renvoyée à son auteur avec votre commentaire.",
    workflow.Transition.ARCHIVE: "Publication archivée.",
    workflow.Transition.REOPEN: "Publication remise en brouillon.",
}


@login_required
def index(request):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    publications = (
        Publication.objects.filter(centre__in=centres)
        .select_related("centre", "series")
        .order_by("status", "-updated_at")
    )
    rows = [
        (p, workflow.allowed_transitions(request.user, p), workflow.may_edit(request.user, p)) for p in publications
    ]
    series = Series.objects.filter(centre__in=centres).select_related("centre")
    return render(
        request, "publications/workspace/index.html", {"rows": rows, "series_list": series, "centres": centres}
    )


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


@login_required
def edit(request, slug=None):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    publication = get_object_or_404(Publication, slug=slug) if slug else None
    if publication and not workflow.may_edit(request.user, publication):
        raise PermissionDenied
    if publication is None and not centres.exists():
        raise PermissionDenied
    initial = {"series": request.GET.get("serie")} if publication is None and request.GET.get("serie") else None
    form = PublicationForm(request.POST or None, instance=publication, centres=centres, initial=initial)
    formsets = contributor_formset(request.POST or None, instance=form.instance)
    if request.method == "POST" and form.is_valid() and all_valid(formsets.values()):
        if publication is None:
            form.instance.slug = unique_slug(Publication, form.cleaned_data["title"], RESERVED_SLUGS, "publication")
        saved = workflow.save_content(request.user, changes_of(form, *formsets.values()))
        messages.success(request, "Publication enregistrée.")
        return redirect("publications:workspace_publication", saved.slug)
    context = {"form": form, "formsets": formsets, "publication": publication}
    return render(request, "publications/workspace/edit.html", context)


@login_required
def publication(request, slug):
    publication = get_object_or_404(Publication.objects.select_related("centre", "series"), slug=slug)
    if not can(request.user, Action.VIEW_PRIVATE, publication):
        raise PermissionDenied
    context = {
        "publication": publication,
        "transitions": [(t, t.label) for t in workflow.allowed_transitions(request.user, publication)],
        "may_edit": workflow.may_edit(request.user, publication),
        "may_delete": workflow.may_delete(request.user, publication),
        "form": TransitionForm(),
        "document_form": DocumentForm(max_mb=max_size_mb()),
        "documents": publication.documents.all(),
    }
    return render(request, "publications/workspace/publication.html", context)


@login_required
@require_POST
def change_status(request, slug, transition):
    if transition not in workflow.Transition.values:
        raise Http404
    publication = get_object_or_404(Publication, slug=slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("publications:workspace_publication", publication.slug)
    try:
        workflow.apply_transition(publication, transition, request.user, form.cleaned_data["comment"])
        messages.success(request, DONE[workflow.Transition(transition)])
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("publications:workspace_publication", publication.slug)


@login_required
@require_POST
def delete(request, slug):
    delete_publication(request.user, get_object_or_404(Publication, slug=slug))
    messages.success(request, "Publication supprimée.")
    return redirect("publications:workspace")


@login_required
@require_POST
def upload(request, slug):
    publication = get_object_or_404(Publication, slug=slug)
    if not workflow.may_edit(request.user, publication):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES, max_mb=max_size_mb())
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    else:
        try:
            add_document(request.user, publication, form.cleaned_data["title"], form.cleaned_data["file"])
            messages.success(request, "Document ajouté.")
        except FileRefused as error:
            messages.error(request, f"Document refusé : {error}")
    return redirect("publications:workspace_publication", publication.slug)


@login_required
@require_POST
def remove(request, slug, pk):
    document = get_object_or_404(Document.objects.select_related("publication"), pk=pk, publication__slug=slug)
    remove_document(request.user, document)
    messages.success(request, "Document retiré.")
    return redirect("publications:workspace_publication", slug)
