"""A page whose form failed validation starts its title with « Erreur »: screen readers
read the title first. Each public and staff form below is posted empty or wrong; its page, shown
unsubmitted, has no such prefix."""

import re

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.events.tests.factories import CycleFactory, SessionFactory

pytestmark = pytest.mark.django_db

CENTRE = "pb"

# (who, path, submitted data): who is « anonymous », « admin » (of CENTRE) or « animator ».
FORMS = [
    ("anonymous", "/comptes/connexion/", {"username": "personne@example.org", "password": "faux"}),
    ("anonymous", "/comptes/mot-de-passe/oublie/", {"email": "pas-une-adresse"}),
    ("anonymous", "/reseau/inscription/", {"email": "pas-une-adresse"}),
    ("anonymous", "/lettres/abonnement/{centre}/", {"email": "pas-une-adresse"}),
    ("anonymous", "/agenda/sessions/{session}/inscription/", {"email": "pas-une-adresse"}),
    ("anonymous", "/agenda/cycles/{cycle}/inscription/", {"email": "pas-une-adresse"}),
    ("admin", "/experiences/espace/nouvelle/", {"title": ""}),
    ("admin", "/publications/espace/nouvelle/", {"title": ""}),
    ("admin", "/publications/espace/series/nouvelle/", {"title": ""}),
    ("admin", "/agenda/espace/sessions/nouvelle/", {"title": ""}),
    ("admin", "/agenda/espace/cycles/nouveau/", {"title": ""}),
    ("admin", "/contacts/centre/{centre}/nouveau/", {"email": "pas-une-adresse"}),
    ("admin", "/contacts/centre/{centre}/groupes/nouveau/", {"name": ""}),
    ("admin", "/contacts/centre/{centre}/import/", {"file": ""}),
    ("admin", "/lettres/nouvelle/", {"title": ""}),
    ("admin", "/alertes/nouvelle/", {"name": ""}),
    ("animator", "/thesaurus/importer/", {"file": ""}),
]


def title(response):
    return " ".join(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).split())


@pytest.mark.parametrize(("kind", "path", "data"), FORMS, ids=[path for _, path, _ in FORMS])
def test_a_refused_form_starts_the_title_with_erreur(client, kind, path, data):
    centre = Centre.objects.get(slug=CENTRE)
    url = path.format(
        centre=centre.slug,
        session=SessionFactory(centre=centre).slug,
        cycle=CycleFactory(centre=centre).slug,
    )
    if kind == "admin":
        user = MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user
    elif kind == "animator":
        user = UserFactory(is_national_animator=True)
    if kind != "anonymous":
        client.force_login(user)

    shown = client.get(url, follow=True)  # a registration form: its session's or cycle's page
    assert shown.status_code == 200
    assert not title(shown).startswith("Erreur"), title(shown)

    refused = client.post(url, data)
    assert refused.status_code in (200, 400), (refused.status_code, refused.get("Location"))
    assert title(refused).startswith("Erreur"), title(refused)


def test_looking_for_refused_forms_evaluates_nothing_lazy(client):
    """The title's check reads every value of the context without evaluating the lazy ones: a page
    without a form sets no CSRF cookie."""
    response = client.get("/centres/")
    assert response.status_code == 200 and not title(response).startswith("Erreur")
    assert "csrftoken" not in response.cookies
