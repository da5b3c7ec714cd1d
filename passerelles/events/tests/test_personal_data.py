"""From the personal link, a person downloads a copy of everything kept about their registration and
has it erased: the seat goes to the waiting list as for a cancellation, the reports do not move."""

import datetime
import json
import re
from email.header import decode_header, make_header
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from passerelles.core.mail import send_due
from passerelles.core.models import OutgoingMail
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import RegistrationStatus
from ..models import Attendance, Registration, Tally
from ..services.registrations import cancel, confirm, register
from ..services.reporting import report
from .factories import CycleFactory, SessionFactory

pytestmark = pytest.mark.django_db


def person(email):
    return {
        "first_name": "Aïcha",
        "last_name": "Traoré",
        "email": email,
        "organisation": "Ville de Saint-Denis",
        "function": Concept.objects.get(notation="chef-de-projet"),
        "consent": True,
        "territory": Territory.objects.get(kind="commune", code="93066"),
    }


def registered(target, email):
    return confirm(register(target, person(email), base_url="http://testserver/").token, base_url="http://testserver/")


def text(response):
    return unescape(re.sub(r"\s+", " ", strip_tags(response.content.decode())))


def subjects(server, to):
    return [str(make_header(decode_header(m["Subject"]))) for m in server.messages if m["To"] == to]


def test_the_personal_page_offers_a_copy_and_the_erasure(client):
    registration = registered(SessionFactory(), "aicha@example.org")
    page = client.get(registration.get_absolute_url())
    content = page.content.decode()
    assert f'href="/agenda/inscription/{registration.token}/mes-donnees.json"' in content
    assert f'href="/agenda/inscription/{registration.token}/effacer/"' in content
    assert 'href="/donnees-personnelles/#droits"' in content
    assert "et par l'animation nationale du réseau" in text(page)


def test_the_copy_holds_everything_kept_about_the_registration(client):
    session = SessionFactory(title="Journée du réseau", capacity=5)
    registration = registered(session, "aicha@example.org")
    other = registered(SessionFactory(title="Autre journée"), "aicha@example.org")

    response = client.get(reverse("events:data_copy", args=[registration.token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="inscription-{session.slug}.json"'
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
    data = json.loads(response.content)
    kept = data["inscription"]
    assert kept["session"] == "Journée du réseau"
    assert (kept["prénom"], kept["nom"], kept["adresse électronique"]) == ("Aïcha", "Traoré", "aicha@example.org")
    assert (kept["fonction"], kept["structure"]) == ("Chef de projet politique de la ville", "Ville de Saint-Denis")
    assert kept["commune d'intervention"] == "Saint-Denis (93)"
    assert kept["état"] == "confirmée" and kept["confirmée le"] and kept["accord pour le traitement des données"]
    assert data["présences"] == []
    assert [mail["objet"] for mail in data["courriels"]] == [
        "Confirmez votre inscription : Journée du réseau",
        "Inscription confirmée : Journée du réseau",
    ]
    assert registration.get_absolute_url() in data["courriels"][0]["texte"]
    assert other.get_absolute_url() not in response.content.decode()  # another registration has its own link
    assert client.get(reverse("events:data_copy", args=["inconnu"])).status_code == 404


def test_erasing_frees_the_seat_for_the_waiting_list_and_leaves_nothing(client, smtp_server):
    session = SessionFactory(title="Atelier", capacity=1)
    seated = registered(session, "assise@example.org")
    waiting = registered(session, "attente@example.org")
    erase_url = reverse("events:erase", args=[seated.token])

    page = client.get(erase_url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Votre place est libérée : elle va à la première personne de la liste d'attente" in text(page)
    assert Registration.objects.filter(pk=seated.pk).exists()  # showing the page erases nothing

    done = client.post(erase_url, follow=True)

    assert done.redirect_chain == [(reverse("events:agenda"), 302)]
    assert "Votre inscription à « Atelier » et les données qui s'y rapportent sont effacées." in text(done)
    assert not Registration.objects.filter(pk=seated.pk).exists()
    assert not OutgoingMail.objects.filter(to="assise@example.org").exists()
    assert client.get(seated.get_absolute_url()).status_code == 404
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
    send_due()
    assert subjects(smtp_server, "attente@example.org")[-1] == "Une place s'est libérée : Atelier"
    assert subjects(smtp_server, "assise@example.org") == []  # nothing is sent to an erased person
    assert client.post(erase_url).status_code == 404


def test_erasing_after_the_session_keeps_its_anonymous_counts(client):
    cycle = CycleFactory()
    first = SessionFactory(cycle=cycle, centre=cycle.centre)
    second = SessionFactory(cycle=cycle, centre=cycle.centre)
    registration = registered(cycle, "aicha@example.org")
    registered(cycle, "bruno@example.org")
    now = timezone.now()
    first.starts_at, first.ends_at = now - datetime.timedelta(days=2), now - datetime.timedelta(days=2, hours=-3)
    first.save()
    Attendance.objects.create(registration=registration, session=first, present=True)
    period = (timezone.localdate() - datetime.timedelta(days=30), timezone.localdate() + datetime.timedelta(days=30))
    before = report([cycle.centre], *period)
    assert (before.registrants, before.attendees) == (4, 1)  # two people in each of the two sessions

    page = client.get(reverse("events:erase", args=[registration.token]))
    assert "Le cycle a déjà commencé : votre participation n'est plus gardée que dans des décomptes anonymes" in (
        text(page)
    )
    client.post(reverse("events:erase", args=[registration.token]))

    assert not Registration.objects.filter(email="aicha@example.org").exists()
    after = report([cycle.centre], *period)
    assert (after.registrants, after.attendees) == (4, 1)
    assert after.functions == before.functions and after.territories == before.territories
    assert sorted(Tally.objects.values_list("session", "registrants", "attendees")) == [
        (first.pk, 1, 1),
        (second.pk, 1, 0),
    ]


def test_an_erasure_waits_while_a_mail_about_it_is_being_sent(client):
    registration = registered(SessionFactory(), "aicha@example.org")
    OutgoingMail.objects.update(claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    refused = client.post(reverse("events:erase", args=[registration.token]), follow=True)
    assert "Un courriel vous est envoyé en ce moment au sujet de cette inscription" in text(refused)
    assert Registration.objects.filter(pk=registration.pk).exists() and OutgoingMail.objects.count() == 2


def test_the_personal_data_page_says_what_the_personal_link_allows(client):
    page = text(client.get("/donnees-personnelles/"))
    assert "le lien personnel reçu par courriel (chaque inscription a le sien) permet, sans autre démarche, de " in page
    assert "télécharger une copie de tout ce qui est gardé sur l'inscription" in page
    assert "et de la faire effacer" in page


def test_erasing_one_registration_keeps_the_mails_of_another_by_the_same_address(client):
    session = SessionFactory(title="Atelier", capacity=5)
    first = registered(session, "aicha@example.org")
    cancel(first.token, base_url="http://testserver/")
    second = register(session, person("aicha@example.org"), base_url="http://testserver/")
    about_second = OutgoingMail.objects.filter(body__contains=second.token)
    assert about_second.exists()  # its confirmation request, not sent yet

    assert client.post(reverse("events:erase", args=[first.token])).status_code == 302

    assert not Registration.objects.filter(pk=first.pk).exists()
    assert about_second.exists()
    assert first.token not in json.dumps(client.get(reverse("events:data_copy", args=[second.token])).json())
