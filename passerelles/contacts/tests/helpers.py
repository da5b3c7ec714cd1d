"""People and centres the contacts tests share."""

import html

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

OWN, OTHER = "pb", "reso-villes"


def centre(slug=OWN):
    return Centre.objects.get(slug=slug)


def concept(notation):
    return Concept.objects.get(notation=notation)


def territory(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def admin_of(slug=OWN):
    return MembershipFactory(centre=centre(slug), role=Role.CENTRE_ADMIN).user


def person(kind):
    """anonymous, plain, editor, reviewer, admin (of OWN), other_admin (of OTHER), animator."""
    if kind == "anonymous":
        return None
    if kind == "plain":
        return UserFactory()
    if kind == "animator":
        return UserFactory(is_national_animator=True)
    if kind == "other_admin":
        return admin_of(OTHER)
    role = {"editor": Role.EDITOR, "reviewer": Role.REVIEWER, "admin": Role.CENTRE_ADMIN}[kind]
    return MembershipFactory(centre=centre(OWN), role=role).user


def text(response):
    return html.unescape(response.content.decode())
