"""The one place that answers "may this person do this action on this object?".

Every view, form and admin that writes goes through `can()`. Content of a centre is any object
with a `centre` attribute (sheets, publications, sessions in later issues) or a Centre itself.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from .enums import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from passerelles.centres.models import Centre

    from .models import User

    # Whoever asks: request.user, or None outside a request.
    Person = User | AnonymousUser | None


class Action(StrEnum):
    VIEW_PRIVATE = "view_private"  # drafts, registrants, contacts of a centre
    EDIT_CONTENT = "edit_content"  # write and submit the centre's content
    REVIEW_CONTENT = "review_content"  # publish, return to the author
    MANAGE_CENTRE = "manage_centre"  # members, contacts, sessions and registrations of the centre
    MANAGE_DIRECTORY = "manage_directory"  # the directory of centres and their perimeters
    MANAGE_NETWORK = "manage_network"  # thesaurus, co-financing, reference framework, national indicators
    REPORT_TO_NETWORK = "report_to_network"  # enter the centre's funding, write and submit its annual report
    # A centre's contacts are personal data: only that centre's staff see them (never the national
    # animation nor a superuser by their rank alone); the national animation counts them.
    VIEW_CONTACTS = "view_contacts"  # the list, a contact's page, the groups (read)
    MANAGE_CONTACTS = "manage_contacts"  # write, merge, group, import, export, erase, purge
    COUNT_CONTACTS = "count_contacts"  # how many contacts and groups a centre holds


# Which roles in a centre grant which actions on that centre's objects.
ROLE_ACTIONS = {
    Role.EDITOR: {Action.VIEW_PRIVATE, Action.EDIT_CONTENT, Action.VIEW_CONTACTS, Action.COUNT_CONTACTS},
    Role.REVIEWER: {
        Action.VIEW_PRIVATE,
        Action.EDIT_CONTENT,
        Action.REVIEW_CONTENT,
        Action.VIEW_CONTACTS,
        Action.COUNT_CONTACTS,
    },
    Role.CENTRE_ADMIN: {
        Action.VIEW_PRIVATE,
        Action.EDIT_CONTENT,
        Action.REVIEW_CONTENT,
        Action.MANAGE_CENTRE,
        Action.REPORT_TO_NETWORK,
        Action.VIEW_CONTACTS,
        Action.MANAGE_CONTACTS,
        Action.COUNT_CONTACTS,
    },
}
NATIONAL_ONLY = {Action.MANAGE_DIRECTORY, Action.MANAGE_NETWORK}
# Granted by a role in the centre only: a national animator or a superuser gets them for a centre
# only through a membership of that centre.
PERSONAL_DATA = {Action.VIEW_CONTACTS, Action.MANAGE_CONTACTS}


def centre_of(obj: Any) -> "Centre | None":
    """The centre an object belongs to (a Centre is its own)."""
    if obj is None:
        return None
    from passerelles.centres.models import Centre

    if isinstance(obj, Centre):
        return obj
    return getattr(obj, "centre", None)


def _roles(user: "User") -> dict[int, set[str]]:
    """{centre id: roles} of the person, read once per request."""
    cache = getattr(user, "_passerelles_roles", None)
    if cache is None:
        cache = {}
        for centre_id, role in user.memberships.values_list("centre_id", "role"):
            cache.setdefault(centre_id, set()).add(role)
        user._passerelles_roles = cache  # type: ignore[attr-defined]  # kept on this request's instance
    return cache


def roles_in(user: "User", centre: "Centre | None") -> set[str]:
    if centre is None:
        return set()
    return _roles(user).get(centre.pk, set())


def is_member(user: "User") -> bool:
    """Whether the person belongs to any centre (from the roles read once per request)."""
    return bool(_roles(user))


def needs_second_factor(user: "User") -> bool:
    """National animators, superusers and centre admins sign in with a second factor (accounts.second_factor)."""
    if user.is_superuser or user.is_national_animator:
        return True
    return any(Role.CENTRE_ADMIN in roles for roles in _roles(user).values())


def second_factor_missing(user: "User") -> bool:
    """A session that still owes its second factor is good for nothing a role grants. `is_verified`
    is set on the request's user by django-otp's middleware; code outside a request has none."""
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified() and needs_second_factor(user)


def can(user: "Person", action: Action | str, obj: Any = None) -> bool:
    return _granted(user, Action(action), lambda person: roles_in(person, centre_of(obj)))


def _granted(user: "Person", action: Action, roles_of: Callable[[Any], Iterable[str]]) -> bool:
    """Whether `user` may do `action`: not signed in or owing the second factor, never; the national
    animator, all but personal data; an action only the nation does, no one else; otherwise one of
    the roles `roles_of(user)` gives must grant it."""
    if user is None or not user.is_authenticated or not user.is_active or second_factor_missing(user):
        return False
    if (user.is_superuser or user.is_national_animator) and action not in PERSONAL_DATA:
        return True
    if action in NATIONAL_ONLY:
        return False
    return any(action in ROLE_ACTIONS[Role(role)] for role in roles_of(user))


def can_somewhere(user: "Person", action: Action | str) -> bool:
    """Whether `user` may do `action` on at least one centre, from the roles read once per request:
    what a workspace page checks before anything else, and what its menu entry follows."""
    return _granted(user, Action(action), lambda person: [role for roles in _roles(person).values() for role in roles])


def centres_where(user: "Person", action: Action | str) -> "QuerySet[Centre]":
    """The centres on which `user` may do `action` (all of them for national animators)."""
    from passerelles.centres.models import Centre

    if not (user and user.is_authenticated and user.is_active) or second_factor_missing(user):
        return Centre.objects.none()
    if (user.is_superuser or user.is_national_animator) and Action(action) not in PERSONAL_DATA:
        return Centre.objects.all()
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action(action) in actions]
    return Centre.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def public_or_404(user: "Person", queryset: "QuerySet[Any]", is_public: Callable[[Any], bool], **lookup: Any) -> Any:
    """The row `lookup` finds in `queryset` if `is_public(row)`, or if `user` may see it unpublished
    (its centre's staff); otherwise a 404, as for a row that does not exist."""
    found = get_object_or_404(queryset, **lookup)
    if not is_public(found) and not can(user, Action.VIEW_PRIVATE, found):
        raise Http404
    return found
