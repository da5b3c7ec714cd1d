"""Who reaches which contacts. A centre's contacts are seen by that centre's staff only
(Action.VIEW_CONTACTS: editors, reviewers, centre admins) and changed, exported, imported or erased
by its admins (Action.MANAGE_CONTACTS). A national animator holds neither by rank: they see
counts (Action.COUNT_CONTACTS). A contact, group or import of a centre the person may not read is a
404, as if it did not exist; a centre they may read but not change answers 403 to a change."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.centres.models import Centre


def readable_centres(user: Any) -> QuerySet[Centre]:
    return centres_where(user, Action.VIEW_CONTACTS).order_by("name")


def centre_for(user: Any, slug: str, write: bool = False) -> Centre:
    """The centre of `slug` if `user` may read its contacts (and change them, if `write`)."""
    centre = get_object_or_404(Centre, slug=slug)
    check(user, centre, write)
    return centre


def check(user: Any, obj: Any, write: bool = False) -> None:
    if not can(user, Action.VIEW_CONTACTS, obj):
        raise PermissionDenied
    if write and not can(user, Action.MANAGE_CONTACTS, obj):
        raise PermissionDenied


def row_for(user: Any, queryset: QuerySet[Any], pk: Any, write: bool = False) -> Any:
    """The row of a centre (contact, group, import) `user` may read, else a 404 (a row of another
    centre does not exist for them); a write they may not do is a 403."""
    row = get_object_or_404(queryset, pk=pk)
    if not can(user, Action.VIEW_CONTACTS, row):
        raise Http404
    if write and not can(user, Action.MANAGE_CONTACTS, row):
        raise PermissionDenied
    return row
