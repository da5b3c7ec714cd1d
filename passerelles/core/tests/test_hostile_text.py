"""Text already stored with control characters, line breaks and bidirectional overrides (written
before the boundaries cleaned it, or by any path that forgets to) breaks no output: every page,
feed, calendar, OAI-PMH answer, PDF, CSV and JSON answers, and the mails leave through a real SMTP
server."""

import csv
import io
import json
import re
from email.header import decode_header, make_header

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from icalendar import Calendar
from lxml import etree
from pypdf import PdfReader

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.tests.factories import CentreFactory
from passerelles.core import mail
from passerelles.core.models import OutgoingMail
from passerelles.core.text import FORBIDDEN
from passerelles.editorial.workflow import Status
from passerelles.events.tests.factories import CycleFactory, RegistrationFactory, SessionFactory, in_days
from passerelles.experiences.models import Partner
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import oai_identifier
from passerelles.publications.tests.factories import ContributorFactory, PublishedFactory, SeriesFactory
from passerelles.thesaurus.models import Concept

pytestmark = pytest.mark.django_db

# A pasted vertical tab and form feed, a non-character, line breaks, a right-to-left override.
HOSTILE = "début\x0bvertical\x0csaut\ufffe\x1b[31m\x7f\x85 ligne\r\nsuivante \u202eesrever\u202c fin"


def hostile(name=""):
    """HOSTILE, with a NUL where the database stores one (SQLite does, PostgreSQL refuses it)."""
    nul = "\x00" if connection.vendor == "sqlite" else ""
    return f"{name}{HOSTILE}{nul}"


@pytest.fixture
def rows():
    centre = CentreFactory(name=hostile("Centre "), short_name="CH\x0b", email="centre@example.org")
    sheet = ExperienceSheetFactory(
        centre=centre,
        title=hostile("Fiche "),
        summary=hostile(),
        actions=hostile(),
        status=Status.PUBLISHED,
        carrying_structure=hostile(),
        contact_person=hostile(),
    )
    Partner.objects.create(sheet=sheet, name=hostile("Partenaire "), role=hostile())
    other = ExperienceSheetFactory(centre=centre, title=hostile("Autre "), summary=hostile(), status=Status.PUBLISHED)
    series = SeriesFactory(centre=centre, title=hostile("Revue "))
    publication = PublishedFactory(centre=centre, series=series, title=hostile("Publication "), abstract=hostile())
    ContributorFactory(publication=publication, name=hostile("Autrice "))
    cycle = CycleFactory(centre=centre, title=hostile("Cycle "), description=hostile())
    session = SessionFactory(
        centre=centre,
        cycle=cycle,
        title=hostile("Session "),
        description=hostile(),
        venue=hostile(),
        address=hostile(),
        accessibility=hostile(),
    )
    RegistrationFactory(session=session, first_name=hostile(), last_name=hostile(), organisation=hostile())
    past = SessionFactory(centre=centre, title=hostile("Passée "), starts_at=in_days(-3, 9))
    RegistrationFactory(session=past, first_name=hostile(), last_name=hostile(), attended=True)
    concept = Concept.objects.filter(scheme="themes").first()
    Concept.objects.filter(pk=concept.pk).update(pref_label=hostile("Thème "), alt_labels=hostile())
    publication.themes.add(concept)
    staff = MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user
    return {
        "centre": centre,
        "sheet": sheet,
        "other": other,
        "series": series,
        "publication": publication,
        "cycle": cycle,
        "session": session,
        "past": past,
        "staff": staff,
        "concept": concept,
    }


def compared(rows):
    return f"?fiches={rows['sheet'].slug}&fiches={rows['other'].slug}"


def public_urls(r):
    centre, sheet, publication, session = r["centre"], r["sheet"], r["publication"], r["session"]
    return [
        "/",
        reverse("centres:directory"),
        centre.get_absolute_url(),
        reverse("centres:lookup") + "?q=Brest",
        reverse("experiences:list"),
        sheet.get_absolute_url(),
        reverse("experiences:print", args=[sheet.slug]),
        reverse("experiences:compare") + compared(r),
        reverse("publications:latest"),
        reverse("publications:series_list"),
        reverse("publications:series", args=[r["series"].slug]),
        publication.get_absolute_url(),
        reverse("events:agenda"),
        session.get_absolute_url(),
        r["cycle"].get_absolute_url(),
        reverse("thesaurus:index"),
        r["concept"].get_absolute_url(),
        reverse("search:results") + "?q=fiche",
    ]


def test_every_page_answers(client, rows):
    for url in public_urls(rows):
        response = client.get(url)
        assert response.status_code == 200, url
    client.force_login(rows["staff"])
    session = rows["session"]
    for url in [
        reverse("events:workspace"),
        reverse("events:registrants", args=[session.slug]),
        reverse("events:registrants", args=[rows["past"].slug]),
        reverse("events:edit_session", args=[session.slug]),
        reverse("experiences:workspace_sheet", args=[rows["sheet"].slug]),
        reverse("experiences:edit", args=[rows["sheet"].slug]),
        reverse("publications:workspace_publication", args=[rows["publication"].slug]),
        reverse("publications:edit", args=[rows["publication"].slug]),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_feeds_are_well_formed(client, rows, name):
    for url in [reverse(f"publications:{name}"), reverse(f"publications:centre_{name}", args=[rows["centre"].slug])]:
        response = client.get(url)
        assert response.status_code == 200, url
        root = etree.fromstring(response.content)  # lxml refuses what XML forbids
        text = etree.tostring(root, encoding="unicode")
        assert "Publication début" in text
        assert not FORBIDDEN.search(text)


def test_calendars_are_valid(client, rows):
    session, cycle, centre = rows["session"], rows["cycle"], rows["centre"]
    for url in [
        reverse("events:ics"),
        reverse("events:centre_ics", args=[centre.slug]),
        reverse("events:cycle_ics", args=[cycle.slug]),
        reverse("events:session_ics", args=[session.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not FORBIDDEN.search(response.content.decode())
        calendar = Calendar.from_ical(response.content)
        summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        assert any(summary.startswith("Session début") for summary in summaries)
        assert all("\n" not in summary for summary in summaries)


def test_oai_answers_are_well_formed(client, rows):
    identifier = oai_identifier(rows["publication"].pk)
    for query in [
        "verb=Identify",
        "verb=ListSets",
        "verb=ListIdentifiers&metadataPrefix=oai_dc",
        "verb=ListRecords&metadataPrefix=oai_dc",
        f"verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}",
    ]:
        response = client.get(f"/oai?{query}")
        assert response.status_code == 200, query
        root = etree.fromstring(response.content)
        assert root.find("{http://www.openarchives.org/OAI/2.0/}error") is None, query


def test_pdfs_are_written(client, rows):
    sheet = rows["sheet"]
    client.force_login(rows["staff"])
    for url in [
        reverse("experiences:pdf", args=[sheet.slug]),
        reverse("experiences:compare_pdf") + compared(rows),
        reverse("events:attendance_sheet", args=[rows["session"].slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert PdfReader(io.BytesIO(response.content)).pages, url


def test_exports_are_readable(client, rows):
    for url in [reverse("experiences:export_json"), reverse("search:api") + "?q=fiche"]:
        response = client.get(url)
        assert response.status_code == 200, url
        json.loads(response.content)
    response = client.get(reverse("experiences:export_csv"))
    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    client.force_login(rows["staff"])
    response = client.get(reverse("events:export", args=[rows["session"].slug]))
    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    for url in [reverse("thesaurus:export_turtle"), reverse("thesaurus:export_xml")]:
        assert client.get(url).status_code == 200, url
    etree.fromstring(client.get(reverse("thesaurus:export_xml")).content)


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def test_mails_about_such_a_session_leave(client, rows, smtp_server):
    """A registration through the page, the staff's certificates, and a mail queued with a broken
    subject before `queue()` cleaned subjects: all sent, each subject on one line."""
    session, past = rows["session"], rows["past"]
    response = client.post(
        reverse("events:register", args=[session.slug]),
        {
            "first_name": "Aïcha\x0b",
            "last_name": "Bernard\x00",
            "email": "aicha@example.org",
            "organisation": "GIP\u202e",
            "consent": "on",
        },
    )
    assert response.status_code in (200, 302)
    client.force_login(rows["staff"])
    assert client.post(reverse("events:certificates", args=[past.slug])).status_code == 302
    OutgoingMail.objects.create(
        to="ancien@example.org", subject=hostile("Ancien "), body=hostile(), next_attempt_at=past.starts_at
    )

    assert mail.send_due() == (3, 0)
    subjects = {message["To"]: subject(message) for message in smtp_server.messages}
    assert subjects["aicha@example.org"].startswith("Confirmez votre inscription : Session début")
    assert subjects["ancien@example.org"].startswith("Ancien début")
    for text in subjects.values():
        assert "\n" not in text and not FORBIDDEN.search(text)


def test_names_and_titles_are_isolated_where_pages_show_them(client, rows):
    """A right-to-left override in a name cannot reorder the text around it: each sits in a <bdi>."""
    session, publication, sheet, centre = rows["session"], rows["publication"], rows["sheet"], rows["centre"]
    registration = session.registrations.get()
    client.force_login(rows["staff"])
    pages = {
        reverse("events:registrants", args=[session.slug]): [
            f"{registration.last_name} {registration.first_name}",
            registration.organisation,
            session.title,
        ],
        session.get_absolute_url(): [session.title, centre.display_name],
        publication.get_absolute_url(): [publication.title, publication.contributors.get().name, centre.display_name],
        sheet.get_absolute_url(): [sheet.title, sheet.partners.get().name, sheet.carrying_structure],
        centre.get_absolute_url(): [centre.name],
        reverse("experiences:list"): [sheet.title],
    }
    for url, names in pages.items():
        page = client.get(url).content.decode()
        for name in names:
            assert "\u202e" in name
            assert f"<bdi>{escape(name)}</bdi>" in page, (url, name)


def test_json_ld_of_a_session_page_is_valid_json(client, rows):
    page = client.get(rows["session"].get_absolute_url()).content.decode()
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        assert json.loads(block)["name"].startswith("Session début")
