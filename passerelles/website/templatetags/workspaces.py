"""Which workspace entries the header shows a signed-in person: each follows the check its page makes
first (a page refuses whoever its entry is hidden from), so a practitioner without a role in a centre
sees none of the staff's entries."""

from functools import cached_property

from django import template

from passerelles.accounts.permissions import Action, can_somewhere
from passerelles.events.services.staff import may_organise

register = template.Library()


class WorkspaceMenu:
    """Each answer computed when the header asks for it, from the roles read once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def content(self):
        """Mes fiches, Mes publications, Mes lettres: the centres where the person writes content."""
        return can_somewhere(self.user, Action.EDIT_CONTENT)

    @cached_property
    def sessions(self):
        """Mes sessions (and its activity report): events.workspace checks the same function."""
        return may_organise(self.user)

    @cached_property
    def contacts(self):
        """The contacts of the centre, or their counts for the national animation (contacts.views.index)."""
        return can_somewhere(self.user, Action.VIEW_CONTACTS) or can_somewhere(self.user, Action.COUNT_CONTACTS)


@register.simple_tag
def workspace_menu(user):
    return WorkspaceMenu(user)
