"""Sessions told as they are: one that took place says « a eu lieu le … » on every page and list and
takes no registration; the online link goes to confirmed registrants only (their e-mails, their page,
their calendar file), never to the public; « Mes sessions » and its activity report are offered, and
opened, only to those who manage a centre's sessions."""

import datetime
import html
import json
import re
import time
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.core.mail import send_due
from passerelles.core.models import OutgoingMail
from passerelles.thesaurus.models import Concept

from ..enums import Format, RegistrationStatus, SessionStatus
from ..models import Registration
from ..search import SessionSearch
from ..services.registrations import cancel, confirm, register
from .factories import CycleFactory, RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db
LINK = "https://visio.example.org/secret-webinaire"
PERSON = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille.martin@example.org",
    "organisation": "Ville de Saint-Denis",
    "territory": "Saint-Denis (93)",
    "consent": "on",
}


def text(response):
    """What the page says, without its markup and with one space between words."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def json_ld(response):
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(found)


def day(moment):
    return date_format(timezone.localtime(moment), "l j F Y")


def centre(slug="pb"):
    return Centre.objects.get(slug=slug)


def member(role, slug="pb"):
    return MembershipFactory(centre=centre(slug), role=role).user


# ---------------------------------------------------------------- a session that took place


def test_a_session_that_took_place_says_so_and_takes_no_registration(client):
    past = SessionFactory(
        title="Atelier passé", capacity=10, starts_at=in_days(-3, 9), ends_at=in_days(-3, 17), centre=centre()
    )
    RegistrationFactory(session=past)
    several = SessionFactory(title="Séminaire de deux jours", starts_at=in_days(-9, 9), ends_at=in_days(-8, 17))
    full = SessionFactory(title="Complète et passée", status=SessionStatus.FULL, starts_at=in_days(-2), capacity=1)

    page = client.get(past.get_absolute_url())
    said = text(page)
    assert page.status_code == 200
    assert f"Cette session a eu lieu le {day(past.starts_at)}." in said
    for never in ("places restantes", "place restante", "complet", "S'inscrire à la session"):
        assert never not in said, never
    assert 'data-testid="registration-form"' not in page.content.decode()
    assert f"Cette session a eu lieu le {day(past.starts_at)} : on ne peut plus s'y inscrire." in said
    data = json_ld(page)
    assert "offers" not in data and "remainingAttendeeCapacity" not in data

    assert f"a eu lieu du {day(several.starts_at)} au {day(several.ends_at)}" in text(
        client.get(several.get_absolute_url())
    )
    said = text(client.get(full.get_absolute_url()))
    assert "a eu lieu le" in said and "complète" not in said and "Toutes les places sont prises" not in said

    # A POST to register all the same: refused, in French, nothing stored.
    response = client.post(reverse("events:register", args=[past.slug]), PERSON)
    assert response.status_code == 400
    assert "on ne peut plus s'y inscrire" in text(response)
    assert not Registration.objects.filter(email=PERSON["email"]).exists()


def test_lists_say_that_a_session_took_place(client):
    """The agenda (which lists the day's sessions until midnight), a cycle's page, the staff's lists."""
    ended = timezone.now() - datetime.timedelta(seconds=1)
    cycle = CycleFactory(centre=centre())
    earlier = SessionFactory(
        title="Petit-déjeuner de ce matin",
        starts_at=ended - datetime.timedelta(minutes=1),
        ends_at=ended,
        capacity=1,
        centre=centre(),
        cycle=cycle,
    )
    RegistrationFactory(session=earlier)  # full, and over
    SessionFactory(title="Journée à venir", centre=centre(), cycle=cycle)

    agenda = client.get(reverse("events:agenda"))
    card = text(agenda).split("Petit-déjeuner de ce matin")[1].split("Journée à venir")[0]
    assert f"a eu lieu le {day(earlier.starts_at)}" in card and "complète" not in card

    assert f"a eu lieu le {day(earlier.starts_at)}" in text(client.get(cycle.get_absolute_url()))

    client.force_login(member(Role.CENTRE_ADMIN))
    row = text(client.get(reverse("events:workspace"))).split("Petit-déjeuner de ce matin")[1].split("Inscrits")[0]
    assert f"a eu lieu le {day(earlier.starts_at)}" in row and "complète" not in row
    registrants = text(client.get(reverse("events:registrants", args=[earlier.slug])))
    assert f"État : a eu lieu le {day(earlier.starts_at)}" in registrants and "libre" not in registrants


def test_a_feed_changes_its_etag_once_a_session_is_over(client):
    ends_at = timezone.now() + datetime.timedelta(seconds=1)
    SessionFactory(starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=ends_at)
    before = client.get(reverse("events:ics"))["ETag"]
    assert client.get(reverse("events:ics"), HTTP_IF_NONE_MATCH=before).status_code == 304
    time.sleep(max(0, (ends_at - timezone.now()).total_seconds()) + 0.1)  # time passes; nobody edits it
    response = client.get(reverse("events:ics"), HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and response["ETag"] != before  # calendars get « a eu lieu »
    # « a eu lieu le … », or « du … au … » when the hour before straddles midnight in Paris
    assert "Cette session a eu lieu" in response.content.decode()


def test_a_cycle_whose_sessions_took_place_offers_no_seat(client):
    cycle = CycleFactory(capacity=10)
    SessionFactory(cycle=cycle, centre=cycle.centre, starts_at=in_days(-5, 9), ends_at=in_days(-5, 17))
    said = text(client.get(cycle.get_absolute_url()))
    assert "Les sessions de ce cycle ont eu lieu." in said and "a eu lieu le" in said
    assert "restante" not in said and "S'inscrire au cycle" not in said


# ---------------------------------------------------------------- the online link


def webinar(**fields):
    defaults = {"title": "Webinaire réussite éducative", "format": Format.ONLINE, "venue": "", "address": ""}
    return SessionFactory(**{**defaults, **fields}, online_url=LINK, centre=centre())


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"format": Format.MIXED, "venue": "Salle des fêtes", "address": "1 rue de la Mairie"},
        {"format": Format.IN_PERSON, "status": SessionStatus.MOVED_ONLINE, "address": "1 rue de la Mairie"},
    ],
)
def test_the_online_link_is_never_public(client, fields):
    session = webinar(**fields)
    RegistrationFactory(session=session)
    public = [
        session.get_absolute_url(),
        reverse("events:agenda"),
        reverse("events:ics"),
        reverse("events:centre_ics", args=[session.centre.slug]),
        reverse("events:session_ics", args=[session.slug]),
        reverse("search:results") + "?q=webinaire",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "visio.example.org" not in response.content.decode(), url
    assert "visio.example.org" not in json.dumps(json_ld(client.get(session.get_absolute_url())))
    for document in SessionSearch().documents(SessionSearch().public_queryset()):
        assert "visio.example.org" not in json.dumps(document.__dict__, default=str)

    # The organising centre's staff find it in their workspace.
    client.force_login(member(Role.CENTRE_ADMIN))
    assert LINK in client.get(reverse("events:registrants", args=[session.slug])).content.decode()


def test_the_online_link_is_on_the_personal_page_of_a_confirmed_registrant_only(client):
    session = webinar()
    cycle = CycleFactory(centre=session.centre)
    webinar_of_cycle = webinar(cycle=cycle, slug="webinaire-du-cycle")
    shown = {
        RegistrationFactory(session=session): True,
        RegistrationFactory(session=None, cycle=cycle): True,
        RegistrationFactory(session=session, status=RegistrationStatus.PENDING, confirmed_at=None): False,
        RegistrationFactory(session=session, status=RegistrationStatus.WAITING): False,
        RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED): False,
    }
    for registration, given in shown.items():
        page = client.get(registration.get_absolute_url())
        assert page.status_code == 200
        assert (LINK in page.content.decode()) is given, registration.status
        assert reverse("events:registration_ics", args=[registration.token]) in page.content.decode()
    assert webinar_of_cycle.title in text(client.get(list(shown)[1].get_absolute_url()))


def test_the_online_link_is_mailed_to_confirmed_registrants_only(smtp_server):
    session = webinar(capacity=1)
    first = register(session, {**person("premiere@example.org")})
    second = register(session, {**person("seconde@example.org")})
    confirm(first.token)
    confirm(second.token)  # no seat left: on the waiting list
    send_due()

    def mails(to):
        return {
            str(make_header(decode_header(message["Subject"]))): message.get_payload(decode=True).decode()
            for message in smtp_server.messages
            if message["To"] == to
        }

    first_mails, second_mails = mails("premiere@example.org"), mails("seconde@example.org")
    assert len(first_mails) == 2 and len(second_mails) == 2
    for subject, body in [*first_mails.items(), *second_mails.items()]:
        confirmed = subject.startswith("Inscription confirm")
        assert (f"Lien de connexion : {LINK}" in body) is confirmed, subject
    smtp_server.messages.clear()

    cancel(first.token)  # the seat goes to the waiting person, who is now given the link
    send_due()
    (promoted,) = [body for subject, body in mails("seconde@example.org").items() if "place s'est lib" in subject]
    assert f"Lien de connexion : {LINK}" in promoted
    assert LINK not in "".join(mails("premiere@example.org").values())  # cancelled: no link any more
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 0


def person(email):
    return {"first_name": "Claude", "last_name": "Bernard", "email": email, "organisation": "GIP", "consent": True}


# ---------------------------------------------------------------- who sees « Mes sessions »


MENU = ("Mes fiches", "Mes publications", "Mes sessions", "Mes lettres", "Contacts")


def menu(client):
    header = client.get(reverse("website:home")).content.decode().split("</header>")[0]
    return {
        label
        for label in ("Mes fiches", "Mes publications", "Mes sessions", "Mes lettres", "Contacts")
        if label in header
    }


def test_mes_sessions_and_the_activity_report_only_for_who_manages_sessions(client):
    practitioner = UserFactory()
    editor = member(Role.EDITOR)
    admin = member(Role.CENTRE_ADMIN)
    animator = UserFactory(is_national_animator=True)
    pages = [reverse("events:workspace"), reverse("events:report")]

    assert client.get(pages[0]).status_code == 302  # signed out: to the sign-in page
    client.force_login(practitioner)
    assert menu(client) == set()
    assert [client.get(url).status_code for url in pages] == [403, 403]

    client.force_login(editor)
    assert menu(client) == {"Mes fiches", "Mes publications", "Mes lettres", "Contacts"}
    assert [client.get(url).status_code for url in pages] == [403, 403]

    client.force_login(admin)
    assert menu(client) == {"Mes fiches", "Mes publications", "Mes sessions", "Mes lettres", "Contacts"}
    assert [client.get(url).status_code for url in pages] == [200, 200]
    assert "Bilan d'activité" in text(client.get(pages[0]))

    client.force_login(animator)
    assert "Mes sessions" in menu(client)
    assert [client.get(url).status_code for url in pages] == [200, 200]


def test_staff_tables_scroll_in_a_named_region_reached_by_the_keyboard(client):
    session = SessionFactory(centre=centre(), title="Journée des équipes")
    RegistrationFactory(session=session, function=Concept.objects.filter(scheme="functions").first())
    client.force_login(member(Role.CENTRE_ADMIN))
    for url in (reverse("events:workspace"), reverse("events:registrants", args=[session.slug])):
        content = client.get(url).content.decode()
        containers = re.findall(r'<div class="fr-table__container"([^>]*)>', content)
        assert containers, url
        for attributes in containers:
            assert 'tabindex="0"' in attributes and 'role="region"' in attributes, attributes
            (caption,) = re.findall(r'aria-labelledby="([^"]+)"', attributes)
            assert f'<caption id="{caption}">' in content
