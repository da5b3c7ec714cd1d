"""Password reset over HTTP, with mail through the outbox to a real SMTP server: the link arrives
and works once, even after an SMTP outage; any address gets the same answer and the same work;
requests are limited per address and per client, without telling whether an account exists."""

import re
import socket
from email.header import decode_header, make_header

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.core.mail import send_due
from passerelles.core.models import OutgoingMail
from passerelles.testing.threads import require_file_database

from .factories import UserFactory

RESET = "/comptes/mot-de-passe/oublie/"
DONE = "/comptes/mot-de-passe/envoye/"
LOGIN = "/comptes/connexion/"
SUBJECT = "Passerelles : choisir un nouveau mot de passe"
LINK = re.compile(r"https?://[^/\s]+(/comptes/mot-de-passe/nouveau/\S+)")


def ask(client, email, address="198.51.100.7", **headers):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, **headers)


def text(message):
    return message.get_payload(decode=True).decode(message.get_content_charset())


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def without_tokens(page):
    """A page as a person reads it: the CSRF token differs at every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())


def shape(sql):
    """What a statement does, to which table: « INSERT core_outgoingmail »."""
    table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', sql)
    return f"{sql.split()[0]} {table.group(1) if table else ''}".strip()


def closed_port():
    """A port nothing listens on: an SMTP server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def choose_password(client, link, new):
    """Open the mailed link and choose `new`; True if the new password was saved."""
    form_page = client.get(link, follow=True)
    if "Choisir un nouveau mot de passe" not in form_page.content.decode() or not form_page.redirect_chain:
        return False
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    return response.status_code == 302


def signs_in(email, password):
    return Client().post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="10.9.9.9").status_code == 302


@pytest.fixture
def limits(settings):
    def set_limits(client="10/h", recipient="3/h"):
        throttles = {"PASSWORD_RESET_CLIENT": client, "PASSWORD_RESET_RECIPIENT": recipient}
        settings.PASSERELLES = {**settings.PASSERELLES, "THROTTLES": {**settings.PASSERELLES["THROTTLES"], **throttles}}

    return set_limits


# ---------------------------------------------------------------- the link, through the outbox


@pytest.mark.django_db
def test_the_link_goes_through_the_outbox_and_works_once(client, smtp_server):
    UserFactory(email="oubli@centre.example")
    response = ask(client, "Oubli@Centre.example")
    assert (response.status_code, response["Location"]) == (302, DONE)
    assert smtp_server.messages == []  # queued in the request's transaction, sent after it
    assert OutgoingMail.objects.get().to == "oubli@centre.example"
    assert send_due() == (1, 0)
    [message] = smtp_server.messages
    assert message["To"] == "oubli@centre.example"
    assert subject(message) == SUBJECT
    link = LINK.search(text(message)).group(1)
    assert choose_password(client, link, "un-nouveau-secret-2026")
    assert signs_in("oubli@centre.example", "un-nouveau-secret-2026")
    used = client.get(link, follow=True)  # the link works once
    assert used.status_code == 404 and "Ce lien de changement de mot de passe" in used.content.decode()
    assert not choose_password(Client(), link, "encore-un-autre-secret")


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_gets_the_usual_answer_and_no_mail(client):
    UserFactory(email="oubli@centre.example")
    assert 'name="site_web"' in client.get(RESET).content.decode()
    response = client.post(RESET, {"email": "oubli@centre.example", "site_web": "https://spam.example"})
    assert (response.status_code, response["Location"]) == (302, DONE)
    assert not OutgoingMail.objects.exists()
    # The same address, the field left empty: a mail is queued.
    assert ask(client, "oubli@centre.example").status_code == 302
    assert OutgoingMail.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["unknown", "inactive", "no-password"])
def test_an_address_without_an_account_gets_the_same_answer_and_a_mail_saying_so(who, smtp_server):
    UserFactory(email="oubli@centre.example")
    if who == "inactive":
        UserFactory(email="parti@centre.example", is_active=False)
    elif who == "no-password":
        UserFactory(email="parti@centre.example", password=None)
    answers, shapes = [], []
    for n, email in enumerate(["oubli@centre.example", "parti@centre.example"]):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = ask(client, email, address=f"198.51.100.{n}")
        # The same statements on the same tables, in the same order: the same work, whatever the address.
        shapes.append([shape(query["sql"]) for query in queries.captured_queries])
        answers.append((response.status_code, response["Location"], without_tokens(client.get(response["Location"]))))
    assert answers[0] == answers[1]
    assert shapes[0] == shapes[1]
    work = [s for s in shapes[1] if s.split()[0] in {"SELECT", "INSERT", "UPDATE", "DELETE"} and "throttle" not in s]
    assert work == ["SELECT accounts_user", "INSERT core_outgoingmail"]  # the lookup, then one mail queued
    assert send_due() == (2, 0)
    link_mail, note = (text(m) for m in smtp_server.messages)
    assert LINK.search(link_mail)
    assert [m["To"] for m in smtp_server.messages] == ["oubli@centre.example", "parti@centre.example"]
    assert {subject(m) for m in smtp_server.messages} == {SUBJECT}
    assert "aucun compte actif de Passerelles ne l'utilise" in note
    assert not LINK.search(note) and "/comptes/" not in note


@pytest.mark.django_db
def test_a_bad_address_is_refused_in_french_and_nothing_is_queued(client):
    response = ask(client, "pas-une-adresse")
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert not OutgoingMail.objects.exists()


# ---------------------------------------------------------------- limits


@pytest.mark.django_db
def test_requests_for_one_address_are_limited_the_same_whether_it_has_an_account(limits):
    limits(recipient="2/h")
    UserFactory(email="cible@centre.example")
    refusals = []
    for email in ["cible@centre.example", "inconnue@ailleurs.example"]:
        for n in range(2):
            assert ask(Client(), email.upper() if n else email, address=f"203.0.113.{n}").status_code == 302
        refused = ask(Client(), email, address="203.0.113.50")  # from yet another client
        assert refused.status_code == 429
        refusals.append(without_tokens(refused).replace(email, "ADRESSE"))
    assert refusals[0] == refusals[1]
    assert "Trop de demandes de nouveau mot de passe pour cette adresse : réessayez dans 1 heure." in refusals[0]
    assert OutgoingMail.objects.count() == 4  # nothing queued once limited
    assert ask(Client(), "autre@centre.example", address="203.0.113.50").status_code == 302


@pytest.mark.django_db
def test_requests_from_one_client_are_limited_whatever_the_address(limits, settings):
    limits(client="3/h")
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 1}
    behind_proxy = {"address": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    for n in range(3):
        assert ask(Client(), f"personne{n}@example.org", **behind_proxy).status_code == 302
    refused = ask(Client(), "personne9@example.org", **behind_proxy)
    assert refused.status_code == 429
    assert "Trop de demandes de nouveau mot de passe depuis votre connexion : réessayez dans 1 heure." in (
        refused.content.decode()
    )
    assert OutgoingMail.objects.count() == 3
    # Another client behind the same proxy is not blocked by the first.
    other = ask(Client(), "personne9@example.org", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.45")
    assert other.status_code == 302


# ---------------------------------------------------------------- an SMTP outage


@pytest.mark.usefixtures("shipped_data_put_back")
class TestSmtpOutage:
    """Committed requests, as in production: the outbox's background sender runs after the commit."""

    @pytest.fixture(autouse=True)
    def _committed_data(self, transactional_db):
        require_file_database()
        yield

    def test_the_reset_mail_survives_an_smtp_outage(self, smtp_server, settings):
        UserFactory(email="oubli@centre.example")
        up, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port()
        response = ask(Client(), "oubli@centre.example")
        assert (response.status_code, response["Location"]) == (302, DONE)  # the same answer as when up
        queued = OutgoingMail.objects.get()
        assert (queued.attempts, queued.sent_at) == (1, None)  # the sender tried at once, and failed
        assert "ConnectionRefusedError" in queued.last_error

        settings.EMAIL_PORT = up  # the relay is back; the retry falls due (cron: send_queued_mail)
        OutgoingMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
        call_command("send_queued_mail")
        [message] = smtp_server.messages
        assert message["To"] == "oubli@centre.example"
        link = LINK.search(text(message)).group(1)
        assert choose_password(Client(), link, "choisi-apres-la-panne")
        assert signs_in("oubli@centre.example", "choisi-apres-la-panne")
        call_command("send_queued_mail")
        assert len(smtp_server.messages) == 1  # sent once
