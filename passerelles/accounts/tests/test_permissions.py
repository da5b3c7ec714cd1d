from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from passerelles.centres.models import Centre
from passerelles.centres.tests.factories import CentreFactory

from ..enums import Role
from ..permissions import Action, can, centres_where
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


CONTACTS_READ = {Action.VIEW_CONTACTS, Action.COUNT_CONTACTS}


@pytest.fixture
def centres():
    return CentreFactory(), CentreFactory()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.EDITOR, {Action.VIEW_PRIVATE, Action.EDIT_CONTENT, *CONTACTS_READ}),
        (Role.REVIEWER, {Action.VIEW_PRIVATE, Action.EDIT_CONTENT, Action.REVIEW_CONTENT, *CONTACTS_READ}),
        (
            Role.CENTRE_ADMIN,
            {
                Action.VIEW_PRIVATE,
                Action.EDIT_CONTENT,
                Action.REVIEW_CONTENT,
                Action.MANAGE_CENTRE,
                Action.REPORT_TO_NETWORK,
                Action.MANAGE_CONTACTS,
                *CONTACTS_READ,
            },
        ),
    ],
)
def test_a_role_acts_on_its_own_centre_only(centres, role, allowed):
    own, other = centres
    user = MembershipFactory(centre=own, role=role).user
    content_of_own = SimpleNamespace(centre=own)  # any content with a `centre`, e.g. a sheet later
    for action in Action:
        assert can(user, action, own) == (action in allowed), action
        assert can(user, action, content_of_own) == (action in allowed), action
        assert not can(user, action, other), action
        assert not can(user, action, SimpleNamespace(centre=other)), action
    assert list(centres_where(user, Action.EDIT_CONTENT)) == [own]


def test_roles_in_several_centres(centres):
    own, other = centres
    membership = MembershipFactory(centre=own, role=Role.EDITOR)
    MembershipFactory(user=membership.user, centre=other, role=Role.REVIEWER)
    user = membership.user
    assert not can(user, Action.REVIEW_CONTENT, own)
    assert can(user, Action.REVIEW_CONTENT, other)


def test_national_animators_may_do_everything_but_see_the_contacts_of_a_centre(centres):
    for animator in (UserFactory(is_national_animator=True), UserFactory(is_superuser=True)):
        for action in Action:
            expected = action not in {Action.VIEW_CONTACTS, Action.MANAGE_CONTACTS}
            assert can(animator, action, centres[0]) == expected, action
        assert centres_where(animator, Action.MANAGE_CENTRE).count() == Centre.objects.count()
        assert centres_where(animator, Action.COUNT_CONTACTS).count() == Centre.objects.count()
        assert not centres_where(animator, Action.VIEW_CONTACTS).exists()


def test_a_national_animator_who_administers_a_centre_sees_its_contacts_only(centres):
    animator = MembershipFactory(centre=centres[0], role=Role.CENTRE_ADMIN, user__is_national_animator=True).user
    assert can(animator, Action.MANAGE_CONTACTS, centres[0])
    assert not can(animator, Action.VIEW_CONTACTS, centres[1])
    assert list(centres_where(animator, Action.VIEW_CONTACTS)) == [centres[0]]


def test_nobody_else_may_do_anything(centres):
    outsider = UserFactory()
    inactive = MembershipFactory(centre=centres[0], role=Role.CENTRE_ADMIN, user__is_active=False).user
    for action in Action:
        assert not can(AnonymousUser(), action, centres[0])
        assert not can(outsider, action, centres[0])
        assert not can(inactive, action, centres[0])
        assert not can(None, action)


def test_only_national_animators_manage_the_directory(centres):
    admin_of_centre = MembershipFactory(centre=centres[0], role=Role.CENTRE_ADMIN).user
    assert not can(admin_of_centre, Action.MANAGE_DIRECTORY, centres[0])
    assert not can(admin_of_centre, Action.MANAGE_NETWORK)
