"""The public agenda, the session and cycle pages with their JSON-LD, and registration by a visitor:
the form, its French errors, the e-mail with the personal link, confirmation and cancellation."""

import datetime
import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.tests.factories import CentreFactory
from passerelles.core.models import OutgoingMail
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import Format, Openness, RegistrationStatus, SessionStatus, SpeakerKind
from ..models import Registration, Speaker
from ..services import registrations
from .factories import CycleFactory, RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db
AGENDA = reverse("events:agenda")


def commune(code):
    return Territory.objects.get(kind="commune", code=code)


def territory(key):
    kind, _, code = key.partition(":")
    return Territory.objects.get(kind=kind, code=code)


def concept(notation):
    return Concept.objects.get(notation=notation)


def titles(response):
    """The session titles listed on an agenda page, in order."""
    html = response.content.decode()
    found = re.findall(r'<h3 class="fr-card__title"><a href="[^"]+"><bdi>([^<]+)</bdi></a>', html)
    return [unescape(title) for title in found]


def text(response):
    """What the page says, without its markup."""
    return unescape(re.sub(r"\s+", " ", strip_tags(response.content.decode())))


def json_ld(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(found) == 1
    return json.loads(found[0])


PERSON = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "Camille.Martin@Example.org",
    "organisation": "Ville de Saint-Denis",
    "territory": "Saint-Denis (93)",
    "consent": "on",
}


def personal_link(email):
    """The link of the last e-mail queued to `email` (the path of the personal page)."""
    body = OutgoingMail.objects.filter(to=email).order_by("pk").last().body
    return re.search(r"https?://testserver(/agenda/inscription/[\w-]+/)", body)[1]


# ------------------------------------------------------------------ the agenda


def test_agenda_lists_published_sessions_to_come_and_marks_cancelled_ones(client):
    SessionFactory(title="Atelier à venir")
    SessionFactory(title="Brouillon", is_published=False)
    SessionFactory(title="Journée passée", starts_at=in_days(-3), ends_at=in_days(-3, 17))
    SessionFactory(title="Rencontre annulée", status=SessionStatus.CANCELLED, starts_at=in_days(5))
    SessionFactory(title="En cours aujourd'hui", starts_at=in_days(0, 0), ends_at=in_days(0, 23))

    response = client.get(AGENDA)

    assert response.status_code == 200
    assert titles(response) == ["En cours aujourd'hui", "Rencontre annulée", "Atelier à venir"]
    card = response.content.decode().split("Rencontre annulée")[1].split("fr-card__title")[0]
    assert '<p class="fr-badge fr-badge--error fr-badge--sm">annulée</p>' in card
    assert "3 sessions à venir" in text(response)


def test_the_agenda_is_paginated(client):
    for n in range(23):
        SessionFactory(title=f"Session {n:02}", starts_at=in_days(2 + n))
    first, second = client.get(AGENDA), client.get(AGENDA, {"page": 2})
    assert len(titles(first)) == 20
    assert titles(second) == ["Session 20", "Session 21", "Session 22"]
    assert "Page 2 sur 2" in text(second)


def test_the_agenda_reads_the_same_number_of_rows_whatever_it_lists(client):
    def queries():
        cache.clear()  # the page itself is cached (core.fragments.cached_page): count a miss
        with CaptureQueriesContext(connection) as captured:
            assert client.get(AGENDA).status_code == 200
        return len(captured)

    cycle = CycleFactory()
    SessionFactory(commune=commune("93066"), cycle=cycle)
    queries()  # the first page also reads what the site caches (the demo notice)
    few = queries()
    for _ in range(6):
        SessionFactory(commune=commune("29019"), cycle=cycle, centre=CentreFactory())
    assert queries() == few


def test_filter_by_territory_finds_what_lies_inside_it(client):
    SessionFactory(title="À Saint-Denis", commune=commune("93066"))
    tied = SessionFactory(title="Pour les communes de Brest", commune=None, address="Visio")
    tied.territories.set([commune("29019")])
    finistere = SessionFactory(title="Pour le Finistère", format=Format.ONLINE, online_url="https://visio.example.org")
    finistere.territories.set([territory("departement:29")])

    def found(key):
        return titles(client.get(AGENDA, {"territoire": key}))

    assert found("departement:93") == ["À Saint-Denis"]
    assert found("region:11") == ["À Saint-Denis"]
    assert found("region:53") == ["Pour les communes de Brest", "Pour le Finistère"]
    assert found("departement:29") == ["Pour les communes de Brest", "Pour le Finistère"]
    assert found("commune:29019") == ["Pour les communes de Brest"]
    assert found("departement:13") == []
    # A commune asked for by its key stays selected in the form.
    assert (
        '<option value="commune:29019" selected>Brest (29)</option>'
        in client.get(AGENDA, {"territoire": "commune:29019"}).content.decode()
    )


def test_filters_by_theme_function_centre_format_and_month(client):
    organiser, partner = CentreFactory(name="Centre organisateur"), CentreFactory(name="Centre partenaire")
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=70)).replace(day=3)  # past the others
    later = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time(9)))
    education = SessionFactory(title="Réussite éducative", centre=organiser)
    education.themes.set([concept("education")])
    education.functions.set([concept("coordonnateur-pre")])
    webinar = SessionFactory(
        title="Webinaire",
        format=Format.ONLINE,
        online_url="https://visio.example.org/w",
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
    )
    webinar.co_organisers.set([partner])
    SessionFactory(title="Autre", starts_at=in_days(1))

    def found(**filters):
        return titles(client.get(AGENDA, filters))

    assert found(theme="education") == ["Réussite éducative"]
    assert found(fonction="coordonnateur-pre") == ["Réussite éducative"]
    assert found(centre=organiser.slug) == ["Réussite éducative"]
    assert found(centre=partner.slug) == ["Webinaire"]  # co-organised
    assert found(format="online") == ["Webinaire"]
    assert found(mois=f"{next_month:%Y-%m}") == ["Webinaire"]
    assert found(mois=f"{next_month:%Y-%m}", format="in_person") == []
    # The centre's own feed is offered once the agenda shows its sessions.
    assert (
        reverse("events:centre_ics", args=[partner.slug])
        in client.get(AGENDA, {"centre": partner.slug}).content.decode()
    )


def test_bad_filter_values_are_explained_in_french_and_ignored(client):
    SessionFactory(title="Webinaire", format=Format.ONLINE, online_url="https://visio.example.org/w")
    SessionFactory(title="Journée")

    response = client.get(AGENDA, {"mois": "2027-13", "theme": "inconnu", "format": "online", "territoire": "x:1"})

    assert response.status_code == 200
    assert titles(response) == ["Webinaire"]  # the good filter still applies
    page = text(response)
    assert "Filtres non reconnus, ignorés ; les autres filtres s'appliquent." in page
    assert "Mois : Indiquez un mois au format AAAA-MM, par exemple 2027-03." in page
    assert "Thème : Sélectionnez un choix valide." in page
    assert "Territoire (et tout ce qu'il contient) : Territoire inconnu." in page
    assert client.get(AGENDA, {"mois": "mars"}).status_code == 200
    for far in ("9999-12", "0000-01", "2101-01"):  # out of the calendar's range: said, not a server error
        assert "Mois : Indiquez un mois" in text(client.get(AGENDA, {"mois": far}))


# ------------------------------------------------------------------ a session


def test_session_page_shows_its_information_and_never_its_registrants(client):
    centre, co = CentreFactory(name="Profession Banlieue"), CentreFactory(name="Résovilles")
    session = SessionFactory(
        title="Piloter le contrat de ville",
        centre=centre,
        capacity=10,
        commune=commune("93066"),
        venue="Salle des fêtes",
        address="15 rue Catulienne",
        partners="Préfecture de la Seine-Saint-Denis",
        accessibility="Salle de plain-pied, boucle magnétique.",
        format=Format.MIXED,
        online_url="https://visio.example.org/contrat",
    )
    session.co_organisers.set([co])
    session.functions.set([concept("chef-de-projet")])
    Speaker.objects.create(session=session, name="Alex Dupont", kind=SpeakerKind.RESEARCHER, affiliation="Université")
    registrants = RegistrationFactory.create_batch(3, session=session, last_name="Personne-Privée")
    registrants.append(RegistrationFactory(session=session, status=RegistrationStatus.PENDING, confirmed_at=None))

    response = client.get(session.get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    for shown in (
        "Piloter le contrat de ville",
        "Salle des fêtes",
        "15 rue Catulienne",
        "Saint-Denis (93)",
        "Alex Dupont, Université (chercheur ou chercheuse)",
        "Salle de plain-pied, boucle magnétique.",
        "7 places restantes sur 10",
        "Profession Banlieue",
        "Résovilles",
        "Chef de projet politique de la ville",
        "Préfecture de la Seine-Saint-Denis",
        "Le lien de connexion est envoyé aux personnes inscrites, une fois leur inscription confirmée.",
        "S'inscrire à la session",
        "effacés 48 heures après l'envoi",
        "12 mois après la session",
        "l'animation nationale du réseau",
    ):
        assert shown in page, shown
    assert "Personne-Privée" not in page
    assert not [r.email for r in registrants if r.email in page]
    assert "visio.example.org" not in response.content.decode()  # the online link: confirmed registrants only
    assert reverse("events:session_ics", args=[session.slug]) in response.content.decode()

    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationEvent"
    assert data["name"] == "Piloter le contrat de ville"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT09:00:00\+0[12]:00", data["startDate"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT17:00:00\+0[12]:00", data["endDate"])
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
    assert place["address"]["addressLocality"] == "Saint-Denis"
    assert place["address"]["streetAddress"] == "15 rue Catulienne"
    assert virtual == {"@type": "VirtualLocation", "url": f"http://testserver{session.get_absolute_url()}"}
    assert [o["name"] for o in data["organizer"]] == [centre.display_name, co.display_name]
    assert data["url"] == f"http://testserver{session.get_absolute_url()}"
    assert data["remainingAttendeeCapacity"] == 7
    assert data["offers"] == {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "url": f"http://testserver{session.get_absolute_url()}#inscription",
    }
    assert "superEvent" not in data


def test_an_in_person_session_with_no_place_entered_yet_is_described_all_the_same(client):
    session = SessionFactory(venue="", address="", commune=None)
    data = json_ld(client.get(session.get_absolute_url()))
    assert data["location"] == {
        "@type": "Place",
        "name": "Lieu à préciser",
        "address": {"@type": "PostalAddress", "addressCountry": "FR"},
    }


@pytest.mark.parametrize(
    ("status", "schema_status", "mode"),
    [
        (SessionStatus.CANCELLED, "EventCancelled", "OfflineEventAttendanceMode"),
        (SessionStatus.POSTPONED, "EventPostponed", "OfflineEventAttendanceMode"),
        (SessionStatus.MOVED_ONLINE, "EventMovedOnline", "OnlineEventAttendanceMode"),
    ],
)
def test_a_session_not_as_planned_says_so_and_takes_no_registration(client, status, schema_status, mode):
    session = SessionFactory(status=status, online_url="https://visio.example.org/x")
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    data = json_ld(response)
    assert data["eventStatus"] == f"https://schema.org/{schema_status}"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    if status == SessionStatus.MOVED_ONLINE:
        assert data["location"]["@type"] == "VirtualLocation"
        assert 'data-testid="registration-form"' in response.content.decode()
    else:
        assert 'data-testid="registration-form"' not in response.content.decode()
        assert "Cette session est annulée ou reportée : les inscriptions sont fermées." in text(response)
        assert "offers" not in data


def test_a_full_session_says_so_and_offers_the_waiting_list(client):
    session = SessionFactory(capacity=2)
    RegistrationFactory.create_batch(2, session=session)
    response = client.get(session.get_absolute_url())
    assert json_ld(response)["offers"]["availability"] == "https://schema.org/SoldOut"
    page = text(response)
    assert "complet" in page
    assert "vous rejoignez la liste d'attente" in page
    assert "S'inscrire à la session" in page


def test_the_agenda_marks_the_sessions_whose_seats_are_all_held(client):
    cycle = CycleFactory()
    full = SessionFactory(title="Pleine", capacity=2)
    RegistrationFactory.create_batch(2, session=full)
    SessionFactory(title="Pleine par le cycle", capacity=1, cycle=cycle)
    RegistrationFactory(session=None, cycle=cycle)
    roomy = SessionFactory(title="Avec de la place", capacity=3)
    RegistrationFactory(session=roomy)
    RegistrationFactory(session=roomy, status=RegistrationStatus.WAITING)  # holds no seat
    cards = {
        re.search(r'<a href="[^"]*"><bdi>([^<]+)</bdi></a>', card)[1]: "complète" in card
        for card in client.get(AGENDA).content.decode().split('data-testid="session-card"')[1:]
    }
    assert cards == {"Pleine": True, "Pleine par le cycle": True, "Avec de la place": False}


def test_drafts_are_not_found_by_visitors(client):
    draft = SessionFactory(is_published=False)
    cycle = CycleFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(cycle.get_absolute_url()).status_code == 404
    assert client.post(reverse("events:register", args=[draft.slug]), PERSON).status_code == 404
    assert "Page introuvable" in text(client.get(draft.get_absolute_url()))
    assert not Registration.objects.exists()


# ------------------------------------------------------------------ a cycle


def test_cycle_page_lists_its_sessions_with_sub_events_and_sessions_point_to_it(client):
    cycle = CycleFactory(title="Cycle chefs de projet", capacity=20)
    first = SessionFactory(title="Journée 1", cycle=cycle, centre=cycle.centre, starts_at=in_days(20))
    second = SessionFactory(
        title="Journée 2",
        cycle=cycle,
        centre=cycle.centre,
        starts_at=in_days(30),
        format=Format.ONLINE,
        online_url="https://visio.example.org/j2",
    )
    SessionFactory(title="Journée 3 (brouillon)", cycle=cycle, centre=cycle.centre, is_published=False)

    response = client.get(cycle.get_absolute_url())

    assert response.status_code == 200
    assert titles(response) == ["Journée 1", "Journée 2"]
    assert "S'inscrire au cycle" in text(response)
    data = json_ld(response)
    assert data["@type"] == "EventSeries"
    assert [event["name"] for event in data["subEvent"]] == ["Journée 1", "Journée 2"]
    assert {event["@type"] for event in data["subEvent"]} == {"EducationEvent"}
    assert data["subEvent"][1]["location"]["@type"] == "VirtualLocation"
    assert data["startDate"] == data["subEvent"][0]["startDate"]

    session_data = json_ld(client.get(first.get_absolute_url()))
    assert session_data["superEvent"] == {
        "@type": "EventSeries",
        "name": "Cycle chefs de projet",
        "url": f"http://testserver{cycle.get_absolute_url()}",
    }
    assert "Une session du cycle « Cycle chefs de projet »" in text(client.get(second.get_absolute_url()))


def test_registering_to_a_cycle(client):
    cycle = CycleFactory()
    SessionFactory(cycle=cycle, centre=cycle.centre)
    response = client.post(reverse("events:register_cycle", args=[cycle.slug]), PERSON)
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert registration.cycle == cycle and registration.session is None
    page = text(client.get(personal_link(registration.email)))
    assert "Au cycle" in page and cycle.title in page


# ------------------------------------------------------------------ registration


def test_registration_form_errors_are_in_french_and_nothing_is_stored(client):
    session = SessionFactory()
    url = reverse("events:register", args=[session.slug])

    empty = client.post(url, {})
    bad = client.post(url, {**PERSON, "email": "pas-une-adresse", "territory": "Commune imaginaire", "consent": ""})

    assert empty.status_code == bad.status_code == 400
    assert "Ce champ est obligatoire." in text(empty)
    assert "Le formulaire contient 5 erreurs" in text(empty)
    page = text(bad)
    assert "Saisissez une adresse de courriel valide." in page
    assert "« Commune imaginaire » : territoire introuvable ou ambigu" in page
    assert "Cochez cette case pour vous inscrire : sans votre accord, rien n'est enregistré." in page
    assert "<title>Erreur dans l'inscription" in bad.content.decode().replace("\n", "").replace("  ", "")
    assert 'value="Ville de Saint-Denis"' in bad.content.decode()  # what was typed is kept
    assert not Registration.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_register_confirm_by_the_personal_link_then_cancel(client):
    session = SessionFactory(title="Atelier participation", capacity=5)

    done = client.post(reverse("events:register", args=[session.slug]), {**PERSON, "function": concept("elu").pk})

    assert done.status_code == 200
    assert "Un courriel vous a été envoyé à camille.martin@example.org." in text(done)
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.territory == commune("93066")
    assert registration.function == concept("elu")
    assert registration.consent is True
    assert registration.token not in done.content.decode()  # the link travels by e-mail only
    link = personal_link("camille.martin@example.org")
    assert link == registration.get_absolute_url()

    page = client.get(link)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow" and page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    assert "à confirmer" in text(page) and "Confirmer mon inscription" in text(page)
    assert "Camille Martin" in text(page) and "Élu local" in text(page)

    confirmed = client.post(reverse("events:confirm", args=[registration.token]), follow=True)
    assert confirmed.redirect_chain == [(link, 302)]
    assert "Votre inscription est confirmée : une place vous est réservée." in text(confirmed)
    assert "Confirmer mon inscription" not in text(confirmed)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "4 places restantes sur 5" in text(client.get(session.get_absolute_url()))

    cancelled = client.post(reverse("events:cancel", args=[registration.token]), follow=True)
    assert "Votre inscription est annulée." in text(cancelled)
    assert "Annuler mon inscription" not in text(cancelled)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert list(OutgoingMail.objects.filter(to=registration.email).values_list("subject", flat=True)) == [
        "Confirmez votre inscription : Atelier participation",
        "Inscription confirmée : Atelier participation",
        "Inscription annulée : Atelier participation",
    ]


def test_a_closed_registration_gives_its_reason_and_stores_nothing(client):
    session = SessionFactory(registration_closes=timezone.now() - datetime.timedelta(hours=1))
    invitation = SessionFactory(openness=Openness.INVITATION)

    page = client.get(session.get_absolute_url())
    assert "Les inscriptions sont closes." in text(page)
    assert 'data-testid="registration-form"' not in page.content.decode()
    refused = client.post(reverse("events:register", args=[session.slug]), PERSON)
    assert refused.status_code == 400 and "Les inscriptions sont closes." in text(refused)
    assert "Les inscriptions ne sont pas ouvertes au public : session sur invitation." in text(
        client.get(invitation.get_absolute_url())
    )
    assert not Registration.objects.exists()


def test_people_invited_register_by_the_invitation_link_only(client):
    invitation = SessionFactory(openness=Openness.INVITATION, is_published=False, title="Réunion des délégués")
    register_url = reverse("events:register", args=[invitation.slug])
    assert client.get(invitation.get_absolute_url()).status_code == 404  # not in the agenda
    assert client.get(invitation.get_absolute_url(), {"invitation": "faux"}).status_code == 404
    assert client.post(register_url, {**PERSON, "invitation": "faux"}).status_code == 404
    link = registrations.invitation_url(invitation, "http://testserver")
    assert registrations.is_invited(invitation, link.rsplit("=", 1)[1])
    assert not registrations.is_invited(SessionFactory(), link.rsplit("=", 1)[1])  # one key per session

    page = client.get(link)
    assert 'data-testid="registration-form"' in page.content.decode()
    key = link.rsplit("=", 1)[1]
    assert f'name="invitation" value="{key}"' in page.content.decode()
    assert client.post(register_url, {**PERSON, "invitation": key}).status_code == 200
    assert Registration.objects.get().session == invitation

    # The organisers find the link on the session's page of their workspace.
    client.force_login(MembershipFactory(centre=invitation.centre, role=Role.CENTRE_ADMIN).user)
    assert f'value="{link}"' in client.get(f"/agenda/espace/sessions/{invitation.slug}/").content.decode()


def test_a_cycle_kept_for_its_invited_people_shows_them_everything_they_register_to(client):
    cycle = CycleFactory(title="Cycle des délégués", openness=Openness.INVITATION, is_published=False)
    day = SessionFactory(cycle=cycle, centre=cycle.centre, title="Journée des délégués", is_published=False)
    link = registrations.invitation_url(cycle, "http://testserver")
    page = client.get(link)
    content = page.content.decode()
    assert "Journée des délégués" in text(page) and "cycle de 1 session" in text(page)
    assert "aperçu n'est visible que par l'équipe" not in text(page)  # for the staff only
    assert '<meta name="robots" content="noindex, nofollow">' in content
    day_link = registrations.for_invited(day, day.get_absolute_url())
    assert f'href="{day_link}"' in content and client.get(day_link).status_code == 200
    ics = registrations.for_invited(cycle, reverse("events:cycle_ics", args=[cycle.slug]))
    assert f'href="{ics}"' in content
    calendar = client.get(ics)
    assert calendar.status_code == 200 and "SUMMARY:Journée des délégués" in calendar.content.decode()
    assert client.get(reverse("events:cycle_ics", args=[cycle.slug])).status_code == 404  # without the key

    key = link.rsplit("=", 1)[1]
    register = reverse("events:register_cycle", args=[cycle.slug])
    assert client.post(register, {**PERSON, "invitation": key}).status_code == 200
    confirmation = OutgoingMail.objects.get()
    assert f"http://testserver{registrations.for_invited(cycle, cycle.get_absolute_url())}" in confirmation.body
    registration = Registration.objects.get()
    personal = client.get(registration.get_absolute_url())
    own_ics = reverse("events:registration_ics", args=[registration.token])  # the person's own calendar file
    assert f'href="{day_link}"' in personal.content.decode() and f'href="{own_ics}"' in personal.content.decode()
    assert "SUMMARY:Journée des délégués" in client.get(own_ics).content.decode()


def test_a_held_seat_is_no_longer_offered_for_cancelling_once_the_session_began(client):
    session = SessionFactory()
    registration = RegistrationFactory(session=session)
    assert "Annuler mon inscription" in text(client.get(registration.get_absolute_url()))
    session.starts_at, session.ends_at = timezone.now() - datetime.timedelta(hours=1), timezone.now()
    session.save()
    page = text(client.get(registration.get_absolute_url()))
    assert "Annuler mon inscription" not in page
    refused = client.post(reverse("events:cancel", args=[registration.token]), follow=True)
    assert "La session a déjà commencé : l'inscription ne peut plus être annulée." in text(refused)
    assert json_ld(client.get(session.get_absolute_url())).get("offers") is None  # nobody may register now


def test_the_waiting_list_rank_is_shown_to_the_person(client):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    client.post(reverse("events:register", args=[session.slug]), PERSON)
    registration = Registration.objects.get(email="camille.martin@example.org")

    response = client.post(reverse("events:confirm", args=[registration.token]), follow=True)

    assert "vous êtes sur la liste d'attente, au rang 1" in text(response)
    assert "en liste d'attente" in text(response)


def test_the_registration_page_is_reached_by_its_token_only(client):
    registration = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)

    unknown = client.get(reverse("events:registration", args=["inconnu-" + "x" * 24]))
    assert unknown.status_code == 404
    assert "Lien inconnu" in text(unknown) and "Ce lien personnel d" in text(unknown)  # core.personal_links
    assert client.post(reverse("events:confirm", args=["inconnu"])).status_code == 404
    assert client.post(reverse("events:cancel", args=["inconnu"])).status_code == 404
    # An address typed in changes nothing: the action is the page's button (POST).
    assert client.get(reverse("events:confirm", args=[registration.token])).url == registration.get_absolute_url()
    assert client.get(reverse("events:cancel", args=[registration.token])).url == registration.get_absolute_url()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.last_name not in text(client.get(registration.session.get_absolute_url()))
    assert registration.last_name in text(client.get(registration.get_absolute_url()))


def test_the_header_leads_to_the_agenda(client):
    assert f'href="{AGENDA}"' in client.get(reverse("website:home")).content.decode()
