"""Anyone subscribes to a centre's newsletter from its page: double opt-in (a signed, expiring link,
confirmed by a button), throttled, a trap for robots; leaving is the one-click unsubscribe; a
centre's admins see, export (CSV, neutralised, traced) and erase its subscribers."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.contacts.enums import AuditAction
from passerelles.contacts.models import AuditEntry
from passerelles.core import mail
from passerelles.core.models import Unsubscription

from ..models import Subscriber
from ..services import subscriptions
from ..services.compose import list_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def pb():
    return Centre.objects.get(slug="pb")


def subscribe(client, centre, email, **extra):
    return client.post(reverse("newsletters:subscribe", args=[centre.slug]), {"email": email, **extra})


def confirmation_path(message):
    body = message.get_payload(decode=True).decode()
    return "/" + re.search(r"http://127\.0\.0\.1:8000/(lettres/abonnement/confirmer/\S+/)", body).group(1)


def test_the_centre_page_invites_to_subscribe(pb):
    page = Client().get(pb.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert reverse("newsletters:subscribe", args=[pb.slug]) in page


def test_double_opt_in(pb, smtp_server, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, pb, "Lea@Example.org")
    assert "Confirmez votre abonnement" in response.content.decode().replace("&#x27;", "'")
    assert not Subscriber.objects.exists()  # nothing stored before the confirmation
    [message] = smtp_server.messages
    assert message["To"] == "Lea@Example.org"
    path = confirmation_path(message)
    assert client.get(path).status_code == 200 and not Subscriber.objects.exists()  # a GET confirms nothing
    response = client.post(path)
    assert "C'est fait" in response.content.decode().replace("&#x27;", "'")
    assert client.post(path).status_code == 200  # twice: still one
    [subscriber] = Subscriber.objects.all()
    assert subscriber.email == "lea@example.org" and subscriber.centre == pb


@pytest.mark.parametrize(
    "token",
    [
        "nimporte-quoi",
        signing.dumps({"c": 1, "e": "x@example.org"}, salt="autre"),
        signing.dumps({"c": "1", "e": 3}, salt=subscriptions.SALT),
    ],
    ids=["garbage", "other-salt", "wrong-types"],  # the signed values hold the time: not stable ids
)
def test_a_tampered_link_says_so_and_reveals_nothing(token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(reverse("newsletters:confirm", args=[token]))
        assert response.status_code == 404
        page = response.content.decode().replace("&#x27;", "'")
        assert "Ce lien de confirmation d'abonnement n'est pas reconnu" in page
    assert not Subscriber.objects.exists()


def test_an_expired_link_is_refused(pb, settings, monkeypatch):
    token = subscriptions.confirmation_token(pb, "lea@example.org")
    monkeypatch.setattr(subscriptions, "CONFIRM_DAYS", 0)
    response = Client().post(reverse("newsletters:confirm", args=[token]))
    assert response.status_code == 410 and not Subscriber.objects.exists()
    assert "a expiré" in response.content.decode() and pb.get_absolute_url() in response.content.decode()


def test_bad_input_is_answered_in_french(pb):
    response = subscribe(Client(), pb, "pas-une-adresse")
    assert response.status_code == 400
    assert "Cette adresse électronique n'est pas valide" in response.content.decode().replace("&#x27;", "'")
    response = subscribe(Client(), pb, "")
    assert "Indiquez votre adresse électronique." in response.content.decode().replace("&#x27;", "'")


def test_a_robot_filling_the_trap_gets_the_same_answer_and_nothing_is_sent(
    pb, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(Client(), pb, "robot@example.org", site_web="http://spam.example")
    assert "Confirmez votre abonnement" in response.content.decode().replace("&#x27;", "'")
    assert smtp_server.messages == []


def test_subscriptions_are_throttled_per_address_and_per_client(pb, settings):
    settings.PASSERELLES = {
        **settings.PASSERELLES,
        "THROTTLES": {**settings.PASSERELLES["THROTTLES"], "NEWSLETTER_RECIPIENT": "2/h", "NEWSLETTER_CLIENT": "3/h"},
    }
    client = Client()
    assert subscribe(client, pb, "cible@example.org").status_code == 200
    assert subscribe(client, pb, "cible@example.org").status_code == 200
    response = subscribe(client, pb, "CIBLE@example.org")
    assert response.status_code == 429 and "Rien n'a été enregistré ni envoyé" in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert subscribe(client, pb, "autre@example.org").status_code == 429  # the client's quota is used up
    assert (
        Client(REMOTE_ADDR="10.0.0.9")
        .post(reverse("newsletters:subscribe", args=[pb.slug]), {"email": "autre@example.org"})
        .status_code
        == 200
    )


def test_subscribing_again_after_unsubscribing_works(pb):
    subscriptions.confirm(pb, "lea@example.org")
    mail.unsubscribe("lea@example.org", list_key(pb))
    assert mail.queue("lea@example.org", "x", "y", list_key=list_key(pb)) is None
    subscriptions.confirm(pb, "lea@example.org")
    assert not Unsubscription.objects.exists()
    assert Subscriber.objects.count() == 1


def test_a_centres_admins_see_export_and_erase_its_subscribers(pb, client):
    subscriptions.confirm(pb, "lea@example.org")
    subscriptions.confirm(pb, "=cmd@example.org")
    subscriptions.confirm(Centre.objects.get(slug="reso-villes"), "ailleurs@example.org")
    admin = MembershipFactory(centre=pb, role="centre_admin").user
    client.force_login(admin)
    page = client.get(reverse("newsletters:subscribers", args=[pb.slug])).content.decode().replace("&#x27;", "'")
    assert "lea@example.org" in page and "ailleurs@example.org" not in page

    export = (
        client.get(reverse("newsletters:export_subscribers", args=[pb.slug])).content.decode().replace("&#x27;", "'")
    )
    assert "lea@example.org" in export and "'=cmd@example.org" in export and "ailleurs" not in export
    assert AuditEntry.objects.get(action=AuditAction.EXPORT_CSV).count == 2

    lea = Subscriber.objects.get(email="lea@example.org")
    client.post(reverse("newsletters:erase_subscriber", args=[pb.slug, lea.pk]))
    assert not Subscriber.objects.filter(email="lea@example.org").exists()
    assert mail.unsubscribed("lea@example.org", list_key(pb))
    entry = AuditEntry.objects.get(action=AuditAction.ERASURE)
    assert entry.actor == admin and entry.centre == pb
