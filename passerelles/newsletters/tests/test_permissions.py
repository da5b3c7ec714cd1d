"""Who may compose, send an issue and see the subscribers, for each role × own or other centre.
Composing: EDIT_CONTENT; sending: REVIEW_CONTENT; subscribers: MANAGE_CONTACTS (personal
data: never the national animation by its rank). Another centre's issue is a 404 to anyone but the
national animation."""

import pytest
from django.urls import reverse

from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre

from .factories import issue_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "person", "editor", "reviewer", "centre_admin", "animator"]
# role: (compose own, send own, subscribers own); other centre: nothing but for the animator.
EXPECTED = {
    "anonymous": (False, False, False),
    "person": (False, False, False),
    "editor": (True, False, False),
    "reviewer": (True, True, False),
    "centre_admin": (True, True, True),
    "animator": (True, True, False),  # subscribers: personal data, never by rank
}


def signed_in(client, role, centre):
    if role == "anonymous":
        return
    if role == "person":
        user = UserFactory()
    elif role == "animator":
        user = UserFactory(is_national_animator=True)
    else:
        user = MembershipFactory(centre=centre, role=role).user
    client.force_login(user)


def allowed(response):
    assert response.status_code in (200, 302, 403, 404), response.status_code
    if response.status_code == 302:
        return "/comptes/" not in response.url  # a redirect to the sign-in page is a refusal
    return response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_the_newsletter_permission_matrix(client, role, whose):
    own = Centre.objects.get(slug="pb")
    centre = own if whose == "own" else Centre.objects.get(slug="reso-villes")
    signed_in(client, role, own)
    issue = issue_of(centre)
    compose, send, subscribers = EXPECTED[role]
    if whose == "other" and role != "animator":
        compose = send = subscribers = False

    assert allowed(client.get(issue.get_absolute_url())) is compose
    assert allowed(client.get(reverse("newsletters:preview", args=[issue.pk]))) is compose
    assert allowed(client.get(reverse("newsletters:preview_mail", args=[issue.pk]))) is compose
    response = client.post(issue.get_absolute_url(), {"title": "Nouveau titre", "editorial": ""})
    issue.refresh_from_db()
    assert (issue.title == "Nouveau titre") is compose
    assert allowed(client.get(reverse("newsletters:send", args=[issue.pk]))) is send
    posted = client.post(reverse("newsletters:send", args=[issue.pk]), {"to_subscribers": "on"})
    # Allowed: the form answers (nobody to send to here); refused: sign-in, 403 or 404, nothing sent.
    assert (posted.status_code == 400) is send
    issue.refresh_from_db()
    assert issue.status == "draft"
    assert allowed(client.get(reverse("newsletters:subscribers", args=[centre.slug]))) is subscribers
    assert allowed(client.get(reverse("newsletters:export_subscribers", args=[centre.slug]))) is subscribers
    if not compose and role not in ("anonymous", "person"):
        assert response.status_code == 404  # another centre's issue does not exist for them
