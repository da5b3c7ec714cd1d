"""Where a centre's staff write, submit, review and publish their sheets, in the site's own pages
(editorial.workspace); what is their own: revisions, attachments, the confirmation of old sheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from passerelles.accounts.permissions import Action, can
from passerelles.editorial.workspace import ReviewWorkspace, staff_page

from .enums import Transition
from .forms import AttachmentForm, SheetForm
from .formsets import sheet_formsets
from .models import RESERVED_SLUGS, Attachment, ExperienceSheet
from .services import workflow
from .services.attachments import AttachmentRefused, attach, detach
from .services.revisions import diff

CONFIRM = "confirmer"


class SheetWorkspace(ReviewWorkspace):
    model = ExperienceSheet
    app = "experiences"
    detail_url = "workspace_sheet"
    context_name = "sheet"
    files_path = "pieces-jointes"
    add_file_url = "add_attachment"
    remove_file_url = "remove_attachment"
    reserved_slugs = RESERVED_SLUGS
    slug_fallback = "fiche"
    words = {
        "saved": "Fiche enregistrée.",
        "deleted": "Fiche supprimée.",
        "new": "Nouvelle fiche expérience",
        "edit": "Modifier la fiche",
        "not_saved": "La fiche n'est pas enregistrée",
        "advance": "Faire avancer la fiche",
        "see": "Voir la fiche",
        "delete": "Supprimer cette fiche non publiée",
        "confirm_remove": "Retirer cette pièce jointe ?",
        "confirm_delete": "Supprimer définitivement cette fiche ?",
        "no_file": "Choisissez un fichier à joindre.",
        "file_added": "Pièce jointe ajoutée.",
        "file_refused": "Pièce jointe refusée",
        "file_removed": "Pièce jointe retirée.",
    }
    done = {
        Transition.SUBMIT: "Fiche soumise à relecture.",
        Transition.PUBLISH: "Fiche publiée.",
        Transition.RETURN: "Fiche renvoyée à son auteur avec votre commentaire.",
        Transition.ARCHIVE: "Fiche archivée.",
        Transition.REOPEN: "Fiche remise en brouillon.",
    }
    file_model = Attachment
    file_owner = "sheet"
    file_form = AttachmentForm
    add_file = staticmethod(attach)
    remove_file = staticmethod(detach)
    file_refused = AttachmentRefused

    def index_context(self, rows, centres):
        return {"stale_count": sum(1 for sheet, _, _ in rows if sheet.is_stale())}

    def detail_context(self, request, sheet):
        return {
            "revisions": list(sheet.revisions.select_related("author").order_by("-number")),
            "attachments": sheet.attachments.all(),
            "stale": sheet.is_stale(),
        }

    def form(self, request, sheet, centres):
        return SheetForm(request.POST or None, instance=sheet, centres=centres)

    def formsets(self, data, instance):
        return sheet_formsets(data, instance=instance)

    def save(self, user, changes, created):
        return workflow.save_sheet(user, changes, "fiche créée" if created else "")

    def steps(self):
        return {*Transition.values, CONFIRM}

    def transition(self, sheet, step, user, comment):
        if step == CONFIRM:
            workflow.confirm_still_valid(sheet, user)
            return "Informations confirmées à jour."
        workflow.apply_transition(sheet, Transition(step), user, comment)
        return self.done[Transition(step)]

    def delete_content(self, user, sheet):
        workflow.delete_sheet(sheet, user)

    @staff_page
    def compare_revisions(self, request, slug):
        sheet = get_object_or_404(ExperienceSheet, slug=slug)
        if not can(request.user, Action.VIEW_PRIVATE, sheet):
            raise PermissionDenied
        revisions = {r.number: r for r in sheet.revisions.all()}
        try:
            older, newer = revisions[int(request.GET.get("de", 0))], revisions[int(request.GET.get("a", 0))]
        except (KeyError, ValueError):
            messages.error(request, "Choisissez deux révisions existantes de cette fiche.")
            return self.to_detail(sheet.slug)
        context = {"sheet": sheet, "older": older, "newer": newer, "changes": diff(older, newer)}
        return render(request, "experiences/workspace/diff.html", context)


sheets = SheetWorkspace()
