"""The organising centre's pages: sessions and cycles written in the site, registrants seen by that
centre's admins only, CSV export, attendance, attendance sheet, certificates and cancellation."""

import csv
import html
import io
import re
from email.header import decode_header, make_header

import pytest
from pypdf import PdfReader

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.core import mail
from passerelles.core.changes import Changes, changes_of
from passerelles.core.models import OutgoingMail
from passerelles.testing.pdfua import assert_pdf_ua
from passerelles.thesaurus.models import Concept

from ..enums import Format, RegistrationStatus, SessionKind, SessionStatus
from ..errors import AttendanceRefused, ChangeRefused, SeatsTaken
from ..models import Attendance, Cycle, Session, Speaker
from ..services import staff
from ..staff_forms import SessionForm
from .factories import CycleFactory, RegistrationFactory, SessionFactory, in_days, presence

pytestmark = pytest.mark.django_db


def member(role, slug="pb"):
    return MembershipFactory(centre=Centre.objects.get(slug=slug), role=role).user


def text(response):
    """The page as a person reads it: entities decoded, no blank space between tags."""
    return html.unescape(re.sub(r">\s+<", "><", response.content.decode()))


def header(message, name):
    return str(make_header(decode_header(message[name])))


def centre(slug="pb"):
    return Centre.objects.get(slug=slug)


def moment(days, hour):
    return in_days(days, hour).strftime("%Y-%m-%dT%H:%M")


def session_data(**overrides):
    data = {
        "centre": centre().pk,
        "title": "Rénovation urbaine : le relogement",
        "description": "Une journée d'échanges entre chefs de projet.",
        "kind": SessionKind.DAY,
        "status": SessionStatus.PLANNED,
        "starts_at": moment(30, 9),
        "ends_at": moment(30, 17),
        "half_days": "2",
        "format": Format.IN_PERSON,
        "venue": "Salle des fêtes",
        "address": "2 rue de la République",
        "commune": "Saint-Denis (93)",
        "functions": [Concept.objects.get(notation="chef-de-projet").pk],
        "territory_lines": "departement:93",
        "co_organisers": [centre("reso-villes").pk],
        "openness": "public",
        "capacity": "40",
        "is_published": "on",
        "speakers-TOTAL_FORMS": "2",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-name": "Claire Martin",
        "speakers-0-kind": "researcher",
        "speakers-0-affiliation": "Université Paris 8",
        "speakers-1-name": "",
        "speakers-1-kind": "practitioner",
    }
    data.update(overrides)
    return data


def test_a_centre_admin_creates_then_edits_a_session(client):
    client.force_login(member(Role.CENTRE_ADMIN))
    assert client.get("/agenda/espace/sessions/nouvelle/").status_code == 200
    response = client.post("/agenda/espace/sessions/nouvelle/", session_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(title="Rénovation urbaine : le relogement")
    assert session.slug == "renovation-urbaine-le-relogement" and session.centre.slug == "pb"
    assert session.commune.code == "93066" and session.half_days == 2 and session.capacity == 40
    assert [t.key for t in session.territories.all()] == ["departement:93"]
    assert [c.slug for c in session.co_organisers.all()] == ["reso-villes"]
    assert [(s.name, s.kind) for s in session.speakers.all()] == [("Claire Martin", "researcher")]

    edit = f"/agenda/espace/sessions/{session.slug}/modifier/"
    page = text(client.get(edit))
    assert "Saint-Denis (93)" in page and "Claire Martin" in page
    speaker = session.speakers.get()
    changed = session_data(
        title="Le relogement, deuxième journée",
        capacity="",
        **{
            "speakers-INITIAL_FORMS": "1",
            "speakers-0-id": speaker.pk,
            "speakers-0-DELETE": "on",
            "speakers-1-name": "Karim Benali",
            "speakers-1-affiliation": "Ville de Saint-Denis",
        },
    )
    assert client.post(edit, changed).status_code == 302
    session.refresh_from_db()
    assert session.title == "Le relogement, deuxième journée" and session.capacity is None
    assert session.slug == "renovation-urbaine-le-relogement"  # addresses already sent stay valid
    assert [s.name for s in session.speakers.all()] == ["Karim Benali"]


def test_bad_session_input_is_explained_in_french_and_nothing_is_saved(client):
    client.force_login(member(Role.CENTRE_ADMIN))
    other_cycle = CycleFactory(centre=centre("reso-villes"))
    cases = [
        (session_data(ends_at=moment(30, 8)), "La fin doit suivre le début."),
        (session_data(format=Format.ONLINE), "Une session à distance ou mixte a besoin de son lien de connexion."),
        (session_data(address="", commune=""), "Indiquez où a lieu la session (adresse ou commune)."),
        (session_data(commune="Nulle-Part-sur-Mer"), "territoire introuvable ou ambigu"),
        (session_data(cycle=other_cycle.pk), "Sélectionnez un choix valide"),
        (session_data(centre=centre("reso-villes").pk), "Sélectionnez un choix valide"),
        (session_data(co_organisers=[centre().pk]), "ne peut pas être aussi co-organisateur"),
        (session_data(status=SessionStatus.CANCELLED), "Sélectionnez un choix valide"),
        (
            session_data(registration_opens=moment(5, 9), registration_closes=moment(2, 9)),
            "La clôture des inscriptions doit suivre leur ouverture.",
        ),
        (session_data(**{"speakers-0-name": "", "speakers-0-affiliation": "Sans nom"}), "Ce champ est obligatoire."),
    ]
    for data, message in cases:
        response = client.post("/agenda/espace/sessions/nouvelle/", data)
        page = text(response)
        assert response.status_code == 200
        assert "La session n'est pas enregistrée" in page and message in page, message
    assert not Session.objects.exists() and not Speaker.objects.exists()


def test_a_larger_capacity_gives_the_seats_to_the_waiting_list_and_a_smaller_one_is_refused(client):
    session = SessionFactory(centre=centre(), capacity=1)
    RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status=RegistrationStatus.WAITING)
    client.force_login(member(Role.CENTRE_ADMIN))
    edit = f"/agenda/espace/sessions/{session.slug}/modifier/"
    base = session_data(title=session.title, co_organisers=[], **{"speakers-TOTAL_FORMS": "0"})
    RegistrationFactory(session=session, status=RegistrationStatus.CONFIRMED)  # two seats held now
    page = text(client.post(edit, {**base, "capacity": "1"}))
    assert "2 personnes ont déjà une place" in page
    assert client.post(edit, {**base, "capacity": "3"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert OutgoingMail.objects.filter(to=waiting.email, subject__startswith="Une place s'est libérée").exists()


def test_registrants_are_told_when_the_date_place_or_state_changes(client):
    session = SessionFactory(centre=centre(), title="Journée relogement", capacity=40)
    RegistrationFactory(session=session, email="inscrite@example.org")
    RegistrationFactory(session=session, email="partie@example.org", status=RegistrationStatus.CANCELLED)
    client.force_login(member(Role.CENTRE_ADMIN))
    edit = f"/agenda/espace/sessions/{session.slug}/modifier/"
    base = session_data(
        title=session.title,
        co_organisers=[],
        **{"speakers-TOTAL_FORMS": "0"},
        starts_at=session.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=session.ends_at.strftime("%Y-%m-%dT%H:%M"),
        venue=session.venue,
        address=session.address,
        commune="",
    )
    assert client.post(edit, {**base, "description": "Autre présentation."}).status_code == 302
    assert not OutgoingMail.objects.exists()  # nothing a registrant must know
    session.refresh_from_db()
    assert session.sequence == 0

    assert client.post(edit, {**base, "starts_at": moment(31, 9), "ends_at": moment(31, 17)}).status_code == 302
    [told] = OutgoingMail.objects.all()
    assert told.to == "inscrite@example.org" and told.subject == "Session modifiée : Journée relogement"
    assert "la date ou l'horaire" in told.body
    session.refresh_from_db()
    assert session.sequence == 1  # calendars that imported the event take the new date

    moved = {**base, "starts_at": moment(31, 9), "ends_at": moment(31, 17), "status": SessionStatus.MOVED_ONLINE}
    assert "Une session passée à distance a besoin de son lien de connexion." in text(client.post(edit, moved))
    moved["online_url"] = "https://visio.example.org/relogement"
    assert client.post(edit, moved).status_code == 302
    last = OutgoingMail.objects.last()
    assert "passée à distance" in last.body and "https://visio.example.org/relogement" in last.body
    session.refresh_from_db()
    assert session.sequence == 2


def test_a_smaller_capacity_is_checked_again_when_saved_under_the_seat_locks():
    """Someone confirms between the form's checks and the save: the change is refused, not overbooked."""
    session = SessionFactory(centre=centre(), capacity=5)
    RegistrationFactory.create_batch(2, session=session)
    admin = member(Role.CENTRE_ADMIN)
    data = session_data(
        title=session.title,
        co_organisers=[],
        capacity="2",
        commune="",
        starts_at=session.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=session.ends_at.strftime("%Y-%m-%dT%H:%M"),
    )
    form = SessionForm(data, instance=Session.objects.get(pk=session.pk), centres=Centre.objects.all())
    assert form.is_valid(), form.errors
    RegistrationFactory(session=session)  # a third seat taken meanwhile
    with pytest.raises(SeatsTaken) as taken:
        staff.save_registrable(admin, changes_of(form))
    assert "3 personnes ont déjà une place" in taken.value.errors["capacity"]
    session.refresh_from_db()
    assert session.capacity == 5


def test_a_centre_admin_creates_a_cycle_and_adds_a_session_to_it(client):
    client.force_login(member(Role.CENTRE_ADMIN))
    data = {
        "centre": centre().pk,
        "title": "Cycle relogement",
        "description": "Trois journées.",
        "openness": "public",
        "capacity": "20",
        "territory_lines": "",
    }
    assert client.post("/agenda/espace/cycles/nouveau/", {**data, "capacity": "-1"}).status_code == 200
    assert client.post("/agenda/espace/cycles/nouveau/", data).status_code == 302
    cycle = Cycle.objects.get(title="Cycle relogement")
    assert f"?cycle={cycle.pk}" in text(client.get("/agenda/espace/"))
    page = text(client.get("/agenda/espace/sessions/nouvelle/", {"cycle": cycle.pk}))
    assert f'<option value="{cycle.pk}" selected>' in page
    assert client.post("/agenda/espace/sessions/nouvelle/", session_data(cycle=cycle.pk)).status_code == 302
    assert cycle.sessions.count() == 1
    changed = {**data, "title": "Cycle relogement 2025"}
    assert client.post(f"/agenda/espace/cycles/{cycle.slug}/modifier/", changed).status_code == 302
    cycle.refresh_from_db()
    assert cycle.title == "Cycle relogement 2025"
    client.force_login(member(Role.CENTRE_ADMIN, "reso-villes"))
    assert client.post(f"/agenda/espace/cycles/{cycle.slug}/modifier/", {**data, "title": "Pris"}).status_code == 403
    assert client.get(f"/agenda/espace/cycles/{cycle.slug}/modifier/").status_code == 403


def test_a_session_keeps_its_cycle_once_people_registered_to_it_and_fits_their_seats(client):
    cycle, other = CycleFactory(centre=centre()), CycleFactory(centre=centre())
    session = SessionFactory(centre=centre(), cycle=cycle, capacity=10)
    RegistrationFactory.create_batch(3, session=None, cycle=cycle)
    client.force_login(member(Role.CENTRE_ADMIN))
    edit = f"/agenda/espace/sessions/{session.slug}/modifier/"
    base = session_data(title=session.title, co_organisers=[], capacity="10", **{"speakers-TOTAL_FORMS": "0"})
    for moved in ({**base, "cycle": other.pk}, base):  # to another cycle, or out of any
        assert "la session ne peut plus en changer" in text(client.post(edit, moved))
    session.refresh_from_db()
    assert session.cycle == cycle
    # A new session of the cycle must seat everyone registered to the cycle.
    new = session_data(title="Troisième journée", cycle=cycle.pk, capacity="2")
    assert "3 personnes ont déjà une place" in text(client.post("/agenda/espace/sessions/nouvelle/", new))
    assert not Session.objects.filter(title="Troisième journée").exists()
    assert client.post("/agenda/espace/sessions/nouvelle/", {**new, "capacity": "3"}).status_code == 302


def test_the_workspace_lists_my_centres_sessions_with_their_counts(client):
    mine = SessionFactory(centre=centre(), title="La mienne", capacity=10)
    RegistrationFactory.create_batch(3, session=mine)
    RegistrationFactory(session=mine, status=RegistrationStatus.WAITING)
    RegistrationFactory(session=mine, status=RegistrationStatus.PENDING, confirmed_at=None)
    RegistrationFactory(session=mine, status=RegistrationStatus.CANCELLED)
    SessionFactory(centre=centre("reso-villes"), title="Celle des autres")
    client.force_login(member(Role.CENTRE_ADMIN))
    page = text(client.get("/agenda/espace/"))
    assert "La mienne" in page and "Celle des autres" not in page
    row = text(client.get("/agenda/espace/")).split("La mienne")[1].split("</tr>")[0]
    assert "3 / 10" in row and "<td>1</td><td>1</td>" in row
    client.force_login(member(Role.EDITOR))
    assert client.get("/agenda/espace/").status_code == 403  # an editor does not manage sessions


@pytest.fixture
def past_session():
    """A session of PB that took place yesterday, with two confirmed registrants and one waiting."""
    session = SessionFactory(centre=centre(), starts_at=in_days(-1, 9), title="Atelier d'hier")
    function = Concept.objects.get(notation="chef-de-projet")
    RegistrationFactory(session=session, first_name="Inès", last_name="Durand", function=function)
    RegistrationFactory(session=session, first_name="Louis", last_name="Bernard", organisation="=1+1")
    RegistrationFactory(session=session, first_name="Zoé", last_name="Attente", status=RegistrationStatus.WAITING)
    return session


def urls(session):
    base = f"/agenda/espace/sessions/{session.slug}"
    return {
        "get": [f"{base}/", f"{base}/inscrits.csv", f"{base}/emargement.pdf", f"{base}/modifier/", f"{base}/annuler/"],
        "post": [f"{base}/presence/", f"{base}/attestations/", f"{base}/annuler/", f"{base}/modifier/"],
    }


def test_registrants_are_seen_and_handled_by_the_organising_centres_admins_only(client, past_session):
    durand = past_session.registrations.get(last_name="Durand")
    for user in (member(Role.CENTRE_ADMIN, "reso-villes"), member(Role.EDITOR), member(Role.REVIEWER), UserFactory()):
        client.force_login(user)
        for url in urls(past_session)["get"]:
            assert client.get(url).status_code == 403, url
        for url in urls(past_session)["post"]:
            data = {"present": [durand.pk], "confirm": "on", **session_data(title="Pris")}
            assert client.post(url, data).status_code == 403, url
    client.logout()
    for url in urls(past_session)["get"]:
        assert client.get(url).status_code == 302, url  # to the sign-in page
    past_session.refresh_from_db()
    durand.refresh_from_db()
    assert past_session.status == SessionStatus.PLANNED and past_session.title == "Atelier d'hier"
    assert presence(durand) is None
    assert not OutgoingMail.objects.exists()

    client.force_login(member(Role.CENTRE_ADMIN))
    page = text(client.get(f"/agenda/espace/sessions/{past_session.slug}/"))
    assert "Durand" in page and "Bernard" in page and "(rang 1)" in page
    national = UserFactory(is_national_animator=True)
    client.force_login(national)
    assert client.get(f"/agenda/espace/sessions/{past_session.slug}/").status_code == 200


def test_the_csv_export_opens_in_excel(client, past_session):
    client.force_login(member(Role.CENTRE_ADMIN))
    response = client.get(f"/agenda/espace/sessions/{past_session.slug}/inscrits.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows[0][:5] == ["Nom", "Prénom", "Adresse électronique", "Fonction", "Structure"]
    assert [row[0] for row in rows[1:]] == ["Bernard", "Durand", "Attente"]
    durand = rows[2]
    assert durand[3] == "Chef de projet politique de la ville" and durand[7] == "confirmée"
    assert rows[3][7] == "en liste d'attente" and rows[3][8] == "1"
    assert rows[1][4] == "'=1+1"  # typed by the public: never a formula in the spreadsheet


def test_attendance_is_saved_and_bad_input_changes_nothing(client, past_session):
    client.force_login(member(Role.CENTRE_ADMIN))
    durand, bernard, waiting = (past_session.registrations.get(last_name=n) for n in ("Durand", "Bernard", "Attente"))
    url = f"/agenda/espace/sessions/{past_session.slug}/presence/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"present": [durand.pk]}, follow=True)
    assert "1 présente(s), 1 absente(s)" in text(response)
    assert (presence(durand), presence(bernard), presence(waiting)) == (True, False, None)

    stranger = RegistrationFactory(session=SessionFactory(centre=centre(), starts_at=in_days(-2, 9)))
    for bad in ([waiting.pk], [stranger.pk], ["abc"]):
        page = text(client.post(url, {"present": [bernard.pk, *bad]}, follow=True))
        assert "Une des personnes cochées n'" in page and "rien n'est changé." in page
    assert presence(bernard) is False and presence(stranger) is None

    future = SessionFactory(centre=centre())
    early = RegistrationFactory(session=future)
    page = client.post(f"/agenda/espace/sessions/{future.slug}/presence/", {"present": [early.pk]}, follow=True)
    assert "La présence se note une fois la session commencée." in text(page)
    assert presence(early) is None


def test_the_attendance_sheet_is_a_pdf_with_the_confirmed_registrants(client, past_session):
    client.force_login(member(Role.CENTRE_ADMIN))
    response = client.get(f"/agenda/espace/sessions/{past_session.slug}/emargement.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert_pdf_ua(response.content, title="Feuille d'émargement — Atelier d'hier")
    content = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Feuille d'émargement" in content and "Atelier d'hier" in content
    assert "Durand" in content and "Bernard" in content and "Signature" in content
    assert "Attente" not in content  # not holding a seat


def test_certificates_reach_a_real_smtp_server_once(client, past_session, smtp_server):
    client.force_login(member(Role.CENTRE_ADMIN))
    durand = past_session.registrations.get(last_name="Durand")
    certificates = f"/agenda/espace/sessions/{past_session.slug}/attestations/"
    page = text(client.post(certificates, follow=True))
    assert "Aucune attestation à envoyer" in page
    client.post(f"/agenda/espace/sessions/{past_session.slug}/presence/", {"present": [durand.pk]})
    page = text(client.post(certificates, follow=True))
    assert "1 attestation(s) de présence envoyée(s)" in page
    assert client.post(certificates, follow=True).status_code == 200  # a second click sends nothing more
    assert mail.send_due() == (1, 0)

    [message] = smtp_server.messages
    assert message["To"] == durand.email
    assert header(message, "Subject") == "Attestation de présence : Atelier d'hier"
    [attachment] = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_filename() == f"attestation-de-presence-{past_session.slug}.pdf"
    assert_pdf_ua(attachment.get_payload(decode=True), title="Attestation de présence — Atelier d'hier")
    content = PdfReader(io.BytesIO(attachment.get_payload(decode=True))).pages[0].extract_text()
    assert "Attestation de présence" in content and "Inès Durand" in content and "Atelier d'hier" in content
    assert "2 demi-journées" in content and "Profession Banlieue" in content
    assert Attendance.objects.get(registration=durand).certificate_sent_at is not None
    assert Attendance.objects.filter(certificate_sent_at__isnull=False).count() == 1


def test_a_cycle_registrant_is_marked_and_certified_session_by_session(client, smtp_server):
    cycle = CycleFactory(centre=centre(), title="Cycle rénovation urbaine")
    first = SessionFactory(centre=centre(), cycle=cycle, starts_at=in_days(-8, 9), title="Première journée")
    second = SessionFactory(centre=centre(), cycle=cycle, starts_at=in_days(-1, 9), title="Deuxième journée")
    lea = RegistrationFactory(session=None, cycle=cycle, first_name="Léa", last_name="Cycle")
    client.force_login(member(Role.CENTRE_ADMIN))
    assert f'name="present" value="{lea.pk}"' in client.get(f"/agenda/espace/sessions/{first.slug}/").content.decode()

    client.post(f"/agenda/espace/sessions/{first.slug}/presence/", {"present": [lea.pk]})
    client.post(f"/agenda/espace/sessions/{second.slug}/presence/", {})
    assert (presence(lea, first), presence(lea, second)) == (True, False)
    rows = client.get(f"/agenda/espace/sessions/{second.slug}/inscrits.csv").content.decode("utf-8")[1:]
    [row] = list(csv.reader(io.StringIO(rows), delimiter=";"))[1:]
    assert row[6] == "au cycle" and row[11] == "absente"

    certify = "/agenda/espace/sessions/{}/attestations/".format
    assert "1 attestation(s)" in text(client.post(certify(first.slug), follow=True))
    assert "Aucune attestation" in text(client.post(certify(second.slug), follow=True))
    assert mail.send_due() == (1, 0)
    [message] = smtp_server.messages
    assert header(message, "Subject") == "Attestation de présence : Première journée"
    # Marking the attendance again keeps the record of the certificate sent.
    client.post(f"/agenda/espace/sessions/{first.slug}/presence/", {"present": [lea.pk]})
    assert Attendance.objects.get(registration=lea, session=first).certificate_sent_at is not None


def test_cancelling_a_session_of_a_cycle_counts_the_cycle_registrants(client):
    cycle = CycleFactory(centre=centre())
    session = SessionFactory(centre=centre(), cycle=cycle)
    RegistrationFactory.create_batch(3, session=None, cycle=cycle)
    RegistrationFactory(session=session)
    client.force_login(member(Role.CENTRE_ADMIN))
    assert "4 personnes inscrites à la session recevront un courriel" in text(
        client.get(f"/agenda/espace/sessions/{session.slug}/annuler/")
    )


def test_cancelling_a_session_asks_for_confirmation_then_tells_every_registrant(client, smtp_server):
    session = SessionFactory(centre=centre(), title="Visite annulée")
    people = [RegistrationFactory(session=session), RegistrationFactory(session=session)]
    RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    client.force_login(member(Role.CENTRE_ADMIN))
    url = f"/agenda/espace/sessions/{session.slug}/annuler/"
    assert "2 personnes inscrites à la session recevront un courriel" in text(client.get(url))
    assert "Cochez la case pour confirmer l'annulation." in text(client.post(url, {}))
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert client.post(url, {"confirm": "on"}).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert mail.send_due() == (2, 0)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people)
    assert {header(m, "Subject") for m in smtp_server.messages} == {"Session annulée : Visite annulée"}
    assert "Cette session est déjà annulée." in text(client.post(url, {"confirm": "on"}, follow=True))
    assert mail.send_due() == (0, 0)


@pytest.mark.parametrize(
    ("change", "told"),
    [
        ({"commune_id": 1}, "le lieu"),
        ({"venue": "Autre salle"}, "le lieu"),
        ({"format": Format.MIXED}, "le format, désormais mixte (présentiel et à distance)"),
        ({"online_url": "https://visio.example.org/nouveau"}, "le lien de connexion"),
        ({"status": SessionStatus.POSTPONED}, "l'état, désormais « reportée »"),
        ({"ends_at": in_days(10, 18)}, "la date ou l'horaire"),
    ],
)
def test_what_registrants_are_told_has_changed(change, told):
    before = Session(starts_at=in_days(10, 9), ends_at=in_days(10, 17), venue="Salle", format=Format.IN_PERSON)
    after = Session(**{**{f: getattr(before, f) for f in ("starts_at", "ends_at", "venue", "format")}, **change})
    assert staff.changes(before, after) == [told]
    assert staff.changes(before, Session(**{f: getattr(before, f) for f in ("starts_at", "ends_at", "venue")})) == []
    unnoticed = Session(starts_at=before.starts_at, ends_at=before.ends_at, venue="Salle", status=SessionStatus.FULL)
    assert staff.changes(before, unnoticed) == []  # « complète » is no news for those who have a seat


def test_a_session_that_took_place_cannot_be_cancelled(client, past_session):
    client.force_login(member(Role.CENTRE_ADMIN))
    assert "Annuler la session" not in text(client.get(f"/agenda/espace/sessions/{past_session.slug}/"))
    page = client.post(f"/agenda/espace/sessions/{past_session.slug}/annuler/", {"confirm": "on"}, follow=True)
    assert "Cette session a déjà eu lieu : elle ne peut plus être annulée." in text(page)
    past_session.refresh_from_db()
    assert past_session.status == SessionStatus.PLANNED and not OutgoingMail.objects.exists()


def test_the_attendance_services_refuse_a_session_not_begun_whoever_calls_them():
    session = SessionFactory(centre=centre())
    registration = RegistrationFactory(session=session)
    admin = member(Role.CENTRE_ADMIN)
    with pytest.raises(AttendanceRefused, match="^La présence se note une fois la session commencée"):
        staff.save_attendance(admin, session, [registration])
    with pytest.raises(AttendanceRefused, match="^La présence se note"):
        staff.send_certificates(admin, session, None)
    assert not Attendance.objects.exists()


def test_an_edit_never_cancels_a_session_nor_brings_a_cancelled_one_back():
    """Cancelling tells the registrants: only cancel_session does it, whoever calls the service."""
    admin = member(Role.CENTRE_ADMIN)
    session = SessionFactory(centre=centre(), status=SessionStatus.CANCELLED)
    session.status = SessionStatus.PLANNED
    with pytest.raises(ChangeRefused, match="^Une session annulée le reste"):
        staff.save_registrable(admin, Changes(session))
    planned = SessionFactory(centre=centre())
    planned.status = SessionStatus.CANCELLED
    with pytest.raises(ChangeRefused, match="^Pour annuler la session"):
        staff.save_registrable(admin, Changes(planned))
    new = SessionFactory.build(centre=centre(), slug="annulee-d-emblee", status=SessionStatus.CANCELLED)
    with pytest.raises(ChangeRefused):
        staff.save_registrable(admin, Changes(new))
    assert not Session.objects.filter(slug="annulee-d-emblee").exists()
    assert Session.objects.get(pk=session.pk).is_cancelled and not Session.objects.get(pk=planned.pk).is_cancelled
