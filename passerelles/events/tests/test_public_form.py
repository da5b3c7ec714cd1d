"""The registration form cannot be turned against anyone: limited per client and per address written
to, a trap for robots, the same answer whether an address is registered or not, and mails that
never open on words typed by a visitor. Through HTTP, the mail delivered to a real SMTP server."""

import re
from email.header import decode_header, make_header
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import strip_tags

from passerelles.core.mail import send_due
from passerelles.core.models import OutgoingMail

from ..models import Registration
from ..services.registrations import SUBJECTS, confirm, notify
from .factories import CycleFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

VISITOR = {
    "first_name": "Gagnez",
    "last_name": "Un-iPhone",
    "email": "cible@example.org",
    "organisation": "Cliquez sur http://arnaque.example",
    "consent": "on",
}
TYPED = ("Gagnez", "Un-iPhone", "arnaque.example")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


@pytest.fixture
def limits(settings):
    def set_limit(name, value):
        settings.PASSERELLES = {**settings.PASSERELLES, "THROTTLES": {**settings.PASSERELLES["THROTTLES"], name: value}}

    return set_limit


@pytest.fixture
def behind_a_proxy(settings):
    """As in production: the client is the address the proxy appended to X-Forwarded-For."""
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 1}


def post(client, target, client_address="203.0.113.1", **changes):
    name = "events:register_cycle" if target.__class__.__name__ == "Cycle" else "events:register"
    return client.post(reverse(name, args=[target.slug]), {**VISITOR, **changes}, HTTP_X_FORWARDED_FOR=client_address)


def text(response):
    return unescape(re.sub(r"\s+", " ", strip_tags(response.content.decode())))


def delivered(server):
    """(to, subject, body) of each message the SMTP server received."""
    return [
        (m["To"], str(make_header(decode_header(m["Subject"]))), m.get_payload(decode=True).decode())
        for m in server.messages
    ]


# ---------------------------------------------------------------- rate limits


def test_mail_bombing_an_address_is_stopped_and_no_mail_leaves(client, smtp_server, limits, behind_a_proxy):
    limits("REGISTRATION_RECIPIENT", "2/h")
    sessions = SessionFactory.create_batch(3)
    # From a different client each time: the limit follows the address written to.
    assert [post(client, s, f"198.51.100.{n}").status_code for n, s in enumerate(sessions[:2])] == [200, 200]

    refused = post(client, sessions[2], "198.51.100.9")

    assert refused.status_code == 429
    assert (
        "Trop de demandes d'inscription ont été faites pour cette adresse électronique : réessayez dans 1 heure. "
        "Rien n'a été enregistré ni envoyé." in text(refused)
    )
    assert 'data-testid="registration-form"' in refused.content.decode()  # the form, with what was typed
    assert 'value="Un-iPhone"' in refused.content.decode()
    assert not Registration.objects.filter(session=sessions[2]).exists()
    assert OutgoingMail.objects.count() == 2
    assert send_due() == (2, 0)
    assert [to for to, _subject, _body in delivered(smtp_server)] == ["cible@example.org"] * 2
    # Another address is not held back.
    assert post(client, sessions[2], "198.51.100.9", email="autre@example.org").status_code == 200


def test_one_client_sending_the_form_again_and_again_is_stopped(client, smtp_server, limits, behind_a_proxy):
    limits("REGISTRATION_CLIENT", "3/h")
    session = SessionFactory()
    url = reverse("events:register", args=[session.slug])
    # Every post counts, a wrong one too.
    assert client.post(url, {}, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 400
    for n in range(2):
        assert post(client, session, "203.0.113.7", email=f"personne{n}@example.org").status_code == 200

    refused = post(client, session, "203.0.113.7", email="victime@example.org")

    assert refused.status_code == 429
    assert "Trop de demandes d'inscription ont été envoyées depuis votre connexion : réessayez dans 1 heure." in (
        text(refused)
    )
    assert not Registration.objects.filter(email="victime@example.org").exists()
    assert not OutgoingMail.objects.filter(to="victime@example.org").exists()
    send_due()
    assert "victime@example.org" not in [to for to, _subject, _body in delivered(smtp_server)]
    # Showing the form is not limited, and another client may still register.
    assert client.get(session.get_absolute_url(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert post(client, session, "203.0.113.8", email="victime@example.org").status_code == 200


def test_a_client_writing_its_own_forwarded_address_is_still_counted(client, limits, behind_a_proxy):
    """Behind the proxy, what a client writes in X-Forwarded-For stands left of what the proxy saw."""
    limits("REGISTRATION_CLIENT", "1/h")
    session = SessionFactory()
    assert post(client, session, "1.1.1.1, 203.0.113.7", email="a@example.org").status_code == 200
    assert post(client, session, "2.2.2.2, 203.0.113.7", email="b@example.org").status_code == 429


def test_the_default_limits_let_people_register_to_a_few_sessions(client):
    sessions = SessionFactory.create_batch(3)
    assert [post(client, s).status_code for s in sessions] == [200, 200, 200]


# ---------------------------------------------------------------- the trap for robots


def test_the_trap_is_hidden_from_people_and_assistive_technologies(client):
    page = client.get(SessionFactory().get_absolute_url()).content.decode()
    trap = re.search(r'<div class="pa-honeypot" aria-hidden="true">(.*?)</div>', page, re.S)[1]
    assert re.search(
        r'<input type="text" name="site_web" id="id_site_web" value="" tabindex="-1" autocomplete="off">', trap
    )
    assert 'style="' not in trap  # the CSP forbids inline styles: the rule is in the stylesheet
    stylesheet = Path(finders.find("core/passerelles.css")).read_text()
    assert re.search(r"\.pa-honeypot \{ position: absolute !important; left: -10000px;", stylesheet)


def test_a_robot_filling_the_trap_is_answered_as_if_registered_and_nothing_happens(client, smtp_server):
    session = SessionFactory()
    real = post(client, session, email="personne@example.org")
    Registration.objects.all().delete()
    OutgoingMail.objects.all().delete()

    robot = post(client, session, email="personne@example.org", site_web="http://spam.example")

    assert robot.status_code == real.status_code == 200
    assert CSRF.sub(r"\1\2", robot.content.decode()) == CSRF.sub(r"\1\2", real.content.decode())
    assert not Registration.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert send_due() == (0, 0) and smtp_server.messages == []


# ---------------------------------------------------------------- the same answer


def same_page(first, second):
    assert first.status_code == second.status_code == 200
    assert first.get("Content-Type") == second.get("Content-Type")
    assert CSRF.sub(r"\1\2", first.content.decode()) == CSRF.sub(r"\1\2", second.content.decode())


def test_an_address_already_registered_gets_the_same_answer_and_the_details_by_mail(client, smtp_server):
    session = SessionFactory(title="Atelier gestion urbaine")
    new = post(client, session)
    pending = Registration.objects.get()

    again = post(client, session, first_name="Quelqu'un", last_name="D'autre")

    same_page(new, again)
    assert Registration.objects.count() == 1
    assert send_due() == (2, 0)
    [(_, first_subject, _), (_, subject, body)] = delivered(smtp_server)
    assert first_subject == "Confirmez votre inscription : Atelier gestion urbaine"
    assert subject == "Votre lien d'inscription : Atelier gestion urbaine"
    assert "Vous êtes déjà inscrit·e à :" in body
    assert f"http://testserver{pending.get_absolute_url()}" in body
    assert "Quelqu'un" not in body and "D'autre" not in body

    confirm(pending.token)
    OutgoingMail.objects.all().delete()  # the resent link is sent at most once an hour
    same_page(new, post(client, session))  # confirmed: the same page again


def test_an_address_registered_to_the_cycle_of_a_session_gets_the_same_answer(client, smtp_server):
    cycle = CycleFactory(title="Cycle insertion")
    day = SessionFactory(cycle=cycle, centre=cycle.centre, title="Journée emploi")
    new = post(client, day)
    Registration.objects.all().delete()
    OutgoingMail.objects.all().delete()
    in_cycle = RegistrationFactory(session=None, cycle=cycle, email="cible@example.org")

    same_page(new, post(client, day))

    assert list(Registration.objects.all()) == [in_cycle]
    send_due()
    [(to, subject, body)] = delivered(smtp_server)
    assert (to, subject) == ("cible@example.org", "Votre lien d'inscription : Cycle insertion")
    assert "Vous êtes déjà inscrit·e au cycle qui comprend cette session : votre place y est déjà demandée." in body
    assert in_cycle.get_absolute_url() in body


# ---------------------------------------------------------------- what the mails open with


def test_no_mail_opens_on_words_a_visitor_typed(client, smtp_server):
    """Every kind of registration mail (each template of events/mail), and the attendance
    certificate's: « Bonjour, », and nothing the visitor typed anywhere in them."""
    kinds = {
        path.stem
        for path in (Path(django_settings.BASE_DIR) / "passerelles/events/templates/events/mail").glob("*.txt")
        if not path.stem.startswith("_")
    }
    assert kinds == set(SUBJECTS)  # a new kind of mail is checked here too
    session = SessionFactory(title="Visite de site")
    post(client, session)  # the confirmation request, through the form
    post(client, session)  # the link again, to an address already registered
    registration = confirm(Registration.objects.get().token)  # « Inscription confirmée »
    for kind in sorted(kinds - {"confirm", "link", "confirmed"}):
        notify(registration, kind, **({"changes": ["la date"]} if kind == "session_changed" else {}))
    body = Path(django_settings.BASE_DIR) / "passerelles/events/templates/events/workspace/certificate_mail.txt"
    assert body.read_text().startswith("{% load tz %}{% autoescape off %}Bonjour,\n")

    assert send_due() == (len(kinds), 0)
    mails = delivered(smtp_server)
    assert sorted(subject.split(" :")[0] for _to, subject, _body in mails) == sorted(
        SUBJECTS[kind].split(" :")[0] for kind in kinds
    )
    for _to, subject, body in mails:
        assert body.startswith("Bonjour,\r\n\r\n"), subject
        assert not any(word in body for word in TYPED), subject
