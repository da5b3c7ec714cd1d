"""The mail queue in the admin: national animators follow it, other staff never see it (addresses
are personal data), nobody changes it. core asks the one permission check through core.access."""

import pytest
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.core.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    return OutgoingMail.objects.create(
        to="personne@exemple.fr", subject="Inscription confirmée", body="…", next_attempt_at=timezone.now()
    )


def test_a_national_animator_reads_the_mail_queue_but_never_changes_it(client, queued):
    client.force_login(UserFactory(is_staff=True, is_national_animator=True))
    listing = client.get("/admin/core/outgoingmail/")
    assert listing.status_code == 200
    assert "personne@exemple.fr" in listing.content.decode()
    assert client.get("/admin/core/outgoingmail/add/").status_code == 403
    assert client.post(f"/admin/core/outgoingmail/{queued.pk}/delete/", {"post": "yes"}).status_code == 403
    assert OutgoingMail.objects.filter(pk=queued.pk).exists()


def test_other_staff_never_see_the_mail_queue(client, queued):
    centre = Centre.objects.get(slug="reso-villes")
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN, user__is_staff=True).user)
    assert client.get("/admin/core/outgoingmail/").status_code == 403
    assert client.get(f"/admin/core/outgoingmail/{queued.pk}/change/").status_code == 403
    assert "outgoingmail" not in client.get("/admin/").content.decode()
