"""The editorial workflow shared by a centre's content (experience sheets, publications):
draft → submitted for review → published → archived, with "return to the author with a comment".

A centre's editors write and submit their centre's content; its reviewers also publish, return,
archive; national animators may do everything (accounts.permissions); nobody else changes it.
A model using it has `centre`, `status`, `published_at` and `review_comment` fields."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from passerelles.accounts.permissions import Action, can
from passerelles.core.changes import Changes
from passerelles.core.errors import DomainError
from passerelles.core.storage import delete_on_commit

if TYPE_CHECKING:  # content.py builds on this module: the names are for the type checker only
    from passerelles.accounts.models import User

    from .content import Reviewed

Content = TypeVar("Content", bound="Reviewed")


class Status(models.TextChoices):
    DRAFT = "draft", "brouillon"
    SUBMITTED = "submitted", "soumise à relecture"
    PUBLISHED = "published", "publiée"
    ARCHIVED = "archived", "archivée"


class Transition(models.TextChoices):
    SUBMIT = "submit", "soumettre à relecture"
    PUBLISH = "publish", "publier"
    RETURN = "return", "renvoyer à l'auteur"
    ARCHIVE = "archive", "archiver"
    REOPEN = "reopen", "remettre en brouillon"


class WorkflowError(DomainError):
    """A change that the content's state does not allow; the message is for the person, in French."""


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


def may_edit(user, content):
    """Editors change drafts; reviewers change any content of their centre that is not archived."""
    if content.status == Status.ARCHIVED:
        return False
    if can(user, Action.REVIEW_CONTENT, content):
        return True
    return content.status == Status.DRAFT and can(user, Action.EDIT_CONTENT, content)


def may_delete(user, content):
    """Only content never published can go; published content is archived instead."""
    if content.published_at is not None:
        return False
    if content.status == Status.DRAFT and can(user, Action.EDIT_CONTENT, content):
        return True
    return can(user, Action.REVIEW_CONTENT, content)


def allowed_transitions(user, content):
    return [t for t, rule in RULES.items() if content.status in rule.sources and can(user, rule.action, content)]


def refuse():
    raise PermissionDenied("Vous n'avez pas le droit de faire cette action sur ce contenu.")


def check_can_create(user, centre):
    if not may_create(user, centre):
        refuse()


def check_can_edit(user, content):
    if not may_edit(user, content):
        refuse()


def check_can_delete(user, content):
    if not may_delete(user, content):
        refuse()


@transaction.atomic
def apply_transition(
    content: Content, transition: str, user: "User", comment: str = "", now: datetime | None = None
) -> Content:
    """Change the status of `content` after the checks; returns the saved row. The caller's
    transaction also holds whatever it records (a revision). `now`: when it is first published
    (the demo's past dates); by default, now."""
    transition = Transition(transition)
    rule = RULES[transition]
    content = type(content)._default_manager.select_for_update().get(pk=content.pk)  # one decision at a time
    if not can(user, rule.action, content):
        refuse()
    if content.status not in rule.sources:
        raise WorkflowError(
            f"Impossible de « {transition.label} » : l'état actuel est « {content.get_status_display()} »."
        )
    if rule.needs_comment and not comment.strip():
        raise WorkflowError("Expliquez à l'auteur ce qu'il faut reprendre : le commentaire est obligatoire.")
    content.status = rule.target
    if transition == Transition.PUBLISH:
        content.published_at = content.published_at or now or timezone.now()
    if transition == Transition.RETURN:
        content.review_comment = comment.strip()
    content.save()
    return content


@transaction.atomic
def save_content(user: "User", changes: Changes[Content]) -> Content:
    """Create or change content, its links and its repeated parts, after the permission check:
    all or nothing."""
    content = changes.row
    if changes.is_new:
        check_can_create(user, content.centre)
        content.created_by = user
    else:
        check_can_edit(user, type(content)._default_manager.get(pk=content.pk))
    return changes.apply()


@transaction.atomic
def delete_content(user, content, files=()):
    """Delete content never published, then its stored files once the deletion is committed."""
    check_can_delete(user, content)
    content.delete()
    delete_on_commit(files)
