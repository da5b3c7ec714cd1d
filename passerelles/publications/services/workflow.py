"""Publications follow the sheets' editorial workflow (editorial.workflow); this adds what is their own:
a series is managed by its centre's editors, a publication goes only when never published, with
its files."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.accounts.permissions import Action, can
from passerelles.core.changes import Changes
from passerelles.editorial.workflow import check_can_create, delete_content

from ..models import Publication, Series


def may_manage_series(user: User, series: Series) -> bool:
    return can(user, Action.EDIT_CONTENT, series)


@transaction.atomic
def save_series(user: User, changes: Changes) -> Series:
    series = changes.row
    if changes.is_new:
        check_can_create(user, series.centre)
    elif not may_manage_series(user, Series.objects.get(pk=series.pk)):
        raise PermissionDenied("Vous n'avez pas le droit de modifier cette série.")
    series = changes.apply()
    # Its issues take its type, and their descriptions name it: harvesters must see them as changed.
    series.publications.update(kind=series.kind, updated_at=timezone.now())
    return series


def delete_publication(user: User, publication: Publication) -> None:
    delete_content(user, publication, [document.file for document in publication.documents.all()])
