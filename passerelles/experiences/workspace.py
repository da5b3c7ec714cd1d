"""Where a centre's staff write, submit, review and publish their sheets, in the site's own pages.
Every write goes through services.workflow, which checks permissions on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import all_valid
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.core.changes import changes_of
from passerelles.core.forms import TransitionForm
from passerelles.core.slugs import unique_slug

from .enums import Transition
from .forms import AttachmentForm, SheetForm
from .formsets import sheet_formsets
from .models import RESERVED_SLUGS, Attachment, ExperienceSheet
from .services import workflow
from .services.attachments import AttachmentRefused, attach, detach
from .services.revisions import diff

DONE = {
    Transition.SUBMIT: "Fiche soumise à relecture.",
    Transition.PUBLISH: "Fiche publiée.",
    Transition.RETURN: "Fiche renvoyée à son auteur avec votre commentaire.",
    Transition.ARCHIVE: "Fiche archivée.",
    Transition.REOPEN: "Fiche remise en brouillon.",
}


@login_required
def workspace(request):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    sheets = (
        ExperienceSheet.objects.filter(centre__in=centres).select_related("centre").order_by("status", "-updated_at")
    )
    rows = [(s, workflow.allowed_transitions(request.user, s), workflow.may_edit(request.user, s)) for s in sheets]
    stale_count = sum(1 for sheet, _, _ in rows if sheet.is_stale())
    context = {"rows": rows, "centres": centres, "stale_count": stale_count}
    return render(request, "experiences/workspace/index.html", context)


@login_required
def edit(request, slug=None):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    sheet = get_object_or_404(ExperienceSheet, slug=slug) if slug else None
    if sheet and not workflow.may_edit(request.user, sheet):
        raise PermissionDenied
    if sheet is None and not centres.exists():
        raise PermissionDenied
    form = SheetForm(request.POST or None, instance=sheet, centres=centres)
    # Bound to the form's row: its parts are checked against its new values (the budget's total).
    formsets = sheet_formsets(request.POST or None, instance=form.instance)
    if request.method == "POST" and form.is_valid() and all_valid(formsets.values()):
        if sheet is None:
            form.instance.slug = unique_slug(ExperienceSheet, form.cleaned_data["title"], RESERVED_SLUGS, "fiche")
        changes = changes_of(form, *formsets.values())
        saved = workflow.save_sheet(request.user, changes, "fiche créée" if sheet is None else "")
        messages.success(request, "Fiche enregistrée.")
        return redirect("experiences:workspace_sheet", saved.slug)
    return render(request, "experiences/workspace/edit.html", {"form": form, "formsets": formsets, "sheet": sheet})


@login_required
def sheet(request, slug):
    sheet = get_object_or_404(ExperienceSheet.objects.select_related("centre"), slug=slug)
    if not can(request.user, Action.VIEW_PRIVATE, sheet):
        raise PermissionDenied
    revisions = list(sheet.revisions.select_related("author").order_by("-number"))
    return render(
        request,
        "experiences/workspace/sheet.html",
        {
            "sheet": sheet,
            "transitions": [(t, t.label) for t in workflow.allowed_transitions(request.user, sheet)],
            "may_edit": workflow.may_edit(request.user, sheet),
            "may_delete": workflow.may_delete(request.user, sheet),
            "revisions": revisions,
            "form": TransitionForm(),
            "attachment_form": AttachmentForm(),
            "attachments": sheet.attachments.all(),
            "stale": sheet.is_stale(),
        },
    )


@login_required
@require_POST
def change_status(request, slug, transition):
    if transition != "confirmer" and transition not in Transition.values:
        raise Http404
    sheet = get_object_or_404(ExperienceSheet, slug=slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("experiences:workspace_sheet", sheet.slug)
    comment = form.cleaned_data["comment"]
    try:
        if transition == "confirmer":
            workflow.confirm_still_valid(sheet, request.user)
            messages.success(request, "Informations confirmées à jour.")
        else:
            workflow.apply_transition(sheet, Transition(transition), request.user, comment)
            messages.success(request, DONE[Transition(transition)])
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("experiences:workspace_sheet", sheet.slug)


@login_required
@require_POST
def delete(request, slug):
    sheet = get_object_or_404(ExperienceSheet, slug=slug)
    workflow.delete_sheet(sheet, request.user)
    messages.success(request, "Fiche supprimée.")
    return redirect("experiences:workspace")


@login_required
def compare_revisions(request, slug):
    sheet = get_object_or_404(ExperienceSheet, slug=slug)
    if not can(request.user, Action.VIEW_PRIVATE, sheet):
        raise PermissionDenied
    revisions = {r.number: r for r in sheet.revisions.all()}
    try:
        older, newer = revisions[int(request.GET.get("de", 0))], revisions[int(request.GET.get("a", 0))]
    except (KeyError, ValueError):
        messages.error(request, "Choisissez deux révisions existantes de cette fiche.")
        return redirect("experiences:workspace_sheet", sheet.slug)
    return render(
        request,
        "experiences/workspace/diff.html",
        {"sheet": sheet, "older": older, "newer": newer, "changes": diff(older, newer)},
    )


@login_required
@require_POST
def add_attachment(request, slug):
    sheet = get_object_or_404(ExperienceSheet, slug=slug)
    if not workflow.may_edit(request.user, sheet):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choisissez un fichier à joindre.")
    else:
        try:
            attach(request.user, sheet, form.cleaned_data["title"], form.cleaned_data["file"])
            messages.success(request, "Pièce jointe ajoutée.")
        except AttachmentRefused as error:
            messages.error(request, f"Pièce jointe refusée : {error}")
    return redirect("experiences:workspace_sheet", sheet.slug)


@login_required
@require_POST
def remove_attachment(request, slug, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("sheet"), pk=pk, sheet__slug=slug)
    detach(request.user, attachment)
    messages.success(request, "Pièce jointe retirée.")
    return redirect("experiences:workspace_sheet", slug)
