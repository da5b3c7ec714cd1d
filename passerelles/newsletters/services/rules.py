"""Who may do what with a centre's newsletter (accounts.permissions underneath):

- compose an issue (title, editorial, items, previews, a test to oneself): EDIT_CONTENT on the centre
  (its editors, reviewers and admins);
- send it to groups and subscribers: REVIEW_CONTENT on the centre (reviewers and admins), as for
  publishing: the send writes to people outside the centre and publishes the issue in the centre's
  newsletter series;
- see, export and erase the subscribers (personal data): MANAGE_CONTACTS (its admins), as for
  contacts: the national animation and superusers do not see them by their rank alone.

National animators and superusers may compose and send (`can`). Anyone else gets a 404 for another
centre's issue (its existence is not revealed)."""

from typing import Any

from django.http import Http404

from passerelles.accounts.permissions import Action, can

from ..models import Issue


def may_compose(user: Any, issue_or_centre: Any) -> bool:
    return can(user, Action.EDIT_CONTENT, issue_or_centre)


def may_send(user: Any, issue_or_centre: Any) -> bool:
    return can(user, Action.REVIEW_CONTENT, issue_or_centre)


def may_manage_subscribers(user: Any, centre: Any) -> bool:
    return can(user, Action.MANAGE_CONTACTS, centre)


def issue_or_404(user: Any, pk: int) -> Issue:
    issue = Issue.objects.select_related("centre").filter(pk=pk).first()
    if issue is None or not may_compose(user, issue):
        raise Http404
    return issue
