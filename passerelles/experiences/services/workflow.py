"""Who may do what to a sheet: the shared editorial workflow (editorial.workflow) plus what is
particular to sheets — a revision at every change, the date of the last review.
Every function here checks on the server and records a revision."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.accounts.permissions import Action, can
from passerelles.core.changes import Changes
from passerelles.editorial.workflow import (
    WorkflowError,
    allowed_transitions,
    check_can_create,
    check_can_edit,
    delete_content,
    may_create,
    may_delete,
    may_edit,
    refuse,
    save_content,
)
from passerelles.editorial.workflow import apply_transition as apply_status_transition

from ..enums import Status, Transition
from ..models import ExperienceSheet
from .revisions import record_revision

__all__ = [
    "WorkflowError",
    "allowed_transitions",
    "check_can_create",
    "check_can_edit",
    "may_create",
    "may_delete",
    "may_edit",
    "apply_transition",
    "confirm_still_valid",
    "delete_sheet",
    "save_sheet",
]


@transaction.atomic
def apply_transition(
    sheet: ExperienceSheet,
    transition: str,
    user: User,
    comment: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> ExperienceSheet:
    sheet = apply_status_transition(sheet, transition, user, comment, now)
    if transition == Transition.PUBLISH:
        sheet.last_reviewed_on = today or timezone.localdate()
        sheet.save(update_fields=["last_reviewed_on"])
    record_revision(sheet, user, comment.strip() or Transition(transition).label)
    return sheet


@transaction.atomic
def confirm_still_valid(sheet, user, today=None):
    """A reviewer confirms a published sheet is still up to date: it is no longer flagged as old."""
    if not can(user, Action.REVIEW_CONTENT, sheet):
        refuse()
    if sheet.status != Status.PUBLISHED:
        raise WorkflowError("Seule une fiche publiée peut être confirmée à jour.")
    sheet.last_reviewed_on = today or timezone.localdate()
    sheet.save(update_fields=["last_reviewed_on", "updated_at"])
    record_revision(sheet, user, "informations confirmées à jour")
    return sheet


def delete_sheet(sheet, user):
    delete_content(user, sheet, [attachment.file for attachment in sheet.attachments.all()])


@transaction.atomic
def save_sheet(user: User, changes: Changes, comment: str = "") -> ExperienceSheet:
    """Create or change a sheet and its repeated parts (budget, partners, team), all or nothing."""
    sheet = save_content(user, changes)
    record_revision(sheet, user, comment or "fiche modifiée")
    return sheet
