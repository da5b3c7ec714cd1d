"""Who may do what to a sheet, and the status workflow:
draft → submitted for review → published → archived, with "return to the author with a comment".

A centre's editors write and submit their centre's sheets; its reviewers also publish, return,
archive; national animators may do everything (accounts.permissions); nobody else changes a sheet.
Every function here checks on the server and records a revision."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from passerelles.accounts.permissions import Action, can

from ..enums import Status, Transition
from ..models import ExperienceSheet
from .revisions import record_revision


class WorkflowError(Exception):
    """A change that the sheet's state does not allow; the message is for the person, in French."""


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: str
    action: Action
    needs_comment: bool = False


RULES = {
    Transition.SUBMIT: Rule(frozenset({Status.DRAFT}), Status.SUBMITTED, Action.EDIT_CONTENT),
    Transition.PUBLISH: Rule(frozenset({Status.SUBMITTED}), Status.PUBLISHED, Action.REVIEW_CONTENT),
    Transition.RETURN: Rule(frozenset({Status.SUBMITTED}), Status.DRAFT, Action.REVIEW_CONTENT, needs_comment=True),
    Transition.ARCHIVE: Rule(frozenset({Status.PUBLISHED}), Status.ARCHIVED, Action.REVIEW_CONTENT),
    Transition.REOPEN: Rule(frozenset({Status.PUBLISHED, Status.ARCHIVED}), Status.DRAFT, Action.REVIEW_CONTENT),
}


def may_create(user, centre):
    return can(user, Action.EDIT_CONTENT, centre)


def may_edit(user, sheet):
    """Editors change drafts; reviewers change any sheet of their centre that is not archived."""
    if sheet.status == Status.ARCHIVED:
        return False
    if can(user, Action.REVIEW_CONTENT, sheet):
        return True
    return sheet.status == Status.DRAFT and can(user, Action.EDIT_CONTENT, sheet)


def may_delete(user, sheet):
    """Only a sheet never published can go; a published one is archived instead."""
    if sheet.published_at is not None:
        return False
    if sheet.status == Status.DRAFT and can(user, Action.EDIT_CONTENT, sheet):
        return True
    return can(user, Action.REVIEW_CONTENT, sheet)


def allowed_transitions(user, sheet):
    return [t for t, rule in RULES.items() if sheet.status in rule.sources and can(user, rule.action, sheet)]


def _refuse():
    raise PermissionDenied("Vous n'avez pas le droit de faire cette action sur cette fiche.")


@transaction.atomic
def apply_transition(sheet, transition, user, comment="", today=None):
    rule = RULES[Transition(transition)]
    sheet = ExperienceSheet.objects.select_for_update().get(pk=sheet.pk)  # one decision at a time
    if not can(user, rule.action, sheet):
        _refuse()
    if sheet.status not in rule.sources:
        raise WorkflowError(
            f"Impossible de « {Transition(transition).label} » une fiche à l'état « {sheet.get_status_display()} »."
        )
    if rule.needs_comment and not comment.strip():
        raise WorkflowError("Expliquez à l'auteur ce qu'il faut reprendre : le commentaire est obligatoire.")
    sheet.status = rule.target
    if transition == Transition.PUBLISH:
        sheet.published_at = sheet.published_at or timezone.now()
        sheet.last_reviewed_on = today or date.today()
    if transition == Transition.RETURN:
        sheet.review_comment = comment.strip()
    sheet.save()
    record_revision(sheet, user, comment.strip() or Transition(transition).label)
    return sheet


@transaction.atomic
def confirm_still_valid(sheet, user, today=None):
    """A reviewer confirms a published sheet is still up to date: it is no longer flagged as old."""
    if not can(user, Action.REVIEW_CONTENT, sheet):
        _refuse()
    if sheet.status != Status.PUBLISHED:
        raise WorkflowError("Seule une fiche publiée peut être confirmée à jour.")
    sheet.last_reviewed_on = today or date.today()
    sheet.save(update_fields=["last_reviewed_on", "updated_at"])
    record_revision(sheet, user, "informations confirmées à jour")
    return sheet


def check_can_create(user, centre):
    if not may_create(user, centre):
        _refuse()


def check_can_edit(user, sheet):
    if not may_edit(user, sheet):
        _refuse()


@transaction.atomic
def delete_sheet(sheet, user):
    if not may_delete(user, sheet):
        _refuse()
    files = [(a.file.storage, a.file.name) for a in sheet.attachments.all()]
    sheet.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


class InvalidParts(Exception):
    """The repeated parts (budget, partners, team) did not validate: nothing was saved."""

    def __init__(self, formsets):
        self.formsets = formsets
        super().__init__("formsets")


@transaction.atomic
def save_sheet(user, form, build_formsets, comment=""):
    """Create or change a sheet from its form, then its repeated parts bound to the saved sheet,
    after the permission check. If a part is invalid, everything is rolled back."""
    sheet = form.instance
    if sheet.pk is None:
        check_can_create(user, form.cleaned_data["centre"])
        sheet.created_by = user
    else:
        check_can_edit(user, ExperienceSheet.objects.get(pk=sheet.pk))
    sheet = form.save()
    formsets = build_formsets(sheet)
    if not all(formset.is_valid() for formset in formsets.values()):
        raise InvalidParts(formsets)
    for formset in formsets.values():
        formset.save()
    record_revision(sheet, user, comment or "fiche modifiée")
    return sheet
