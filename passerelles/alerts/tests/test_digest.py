"""The digest of alerts through a real SMTP server: built from the search engine (what an alert
finds is what the search finds, restricted to what was published since the last digest), each
item once across a person's alerts, nothing sent when nothing is new, never twice for a period,
the list headers of RFC 8058 and a manage link that works without signing in and expires."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from passerelles.accounts.tests.factories import UserFactory
from passerelles.centres.tests.factories import CentreFactory
from passerelles.core import clock, mail
from passerelles.core.models import Job, OutgoingMail
from passerelles.events.tests.factories import SessionFactory
from passerelles.experiences.enums import Status
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.search.services.querying import search
from passerelles.search.services.request import SearchRequest
from passerelles.search_index.services.indexing import rebuild
from passerelles.territories.models import Territory

from .. import tasks
from ..models import Alert, Digest
from ..services import digest, finding, links, saved

pytestmark = pytest.mark.django_db

UNTIL = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # a Monday, 7:00 in Paris
EDUCATION = {"q": "réussite éducative", "territoire": ["departement:29"]}


def sheet(title, days_before, commune="29019", status=Status.PUBLISHED, **fields):
    return ExperienceSheetFactory(
        title=title,
        status=status,
        published_at=UNTIL - timedelta(days=days_before),
        territories=[Territory.objects.get(kind="commune", code=commune)],
        **fields,
    )


def alert(user, params, frequency="weekly", types=("experience", "publication", "session", "catalogue")):
    request = SearchRequest.from_query_dict(saved.query_dict(params))
    return Alert.objects.create(
        user=user,
        title=saved.describe(request),
        params=saved.saved_params(request),
        frequency=frequency,
        types=list(types),
    )


def unsubscribe_link(message):
    return "".join(message["List-Unsubscribe"].split()).strip("<>")  # unfolded


def html_of(message):
    return (
        next(p for p in message.get_payload() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    )


def text_of(message):
    return (
        next(p for p in message.get_payload() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    )


@pytest.fixture
def network():
    centre = CentreFactory(name="Centre de ressources de Bretagne", short_name="CRPV Bretagne")
    sheets = {
        "both": sheet("Réussite éducative et emploi des jeunes à Brest", 2, centre=centre),
        "education": sheet("Programme de réussite éducative à Quimper", 3, commune="29232", centre=centre),
        "old": sheet("Réussite éducative : bilan ancien", 10, centre=centre),
        "elsewhere": sheet("Réussite éducative à Lille", 2, commune="59350", centre=centre),
        "draft": sheet("Réussite éducative en brouillon", 1, centre=centre, status=Status.DRAFT),
        "employment": sheet("Emploi des jeunes à Morlaix", 4, commune="29151", centre=centre),
    }
    rebuild()
    return sheets


def test_one_mail_per_person_each_item_once_with_the_list_headers(network, smtp_server):
    person = UserFactory(email="annaig@ville.example", first_name="Annaïg", last_name="Le Goff")
    alert(person, EDUCATION)
    alert(person, {"q": "emploi des jeunes"})
    outcome = digest.send_digests("weekly", UNTIL)
    assert (outcome.people, outcome.sent, outcome.empty) == (1, 1, 0)
    assert mail.send_due() == (1, 0)
    [message] = smtp_server.messages
    assert message["To"] == "annaig@ville.example"
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.get_payload()] == ["text/plain", "text/html"]
    assert unsubscribe_link(message).startswith("http://127.0.0.1:8000/desabonnement/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"]
    html, text = html_of(message), text_of(message)
    for body in (html, text):
        assert body.count("Réussite éducative et emploi des jeunes à Brest") == 1  # found by both alerts
        assert "Programme de réussite éducative à Quimper" in body
        assert "Emploi des jeunes à Morlaix" in body
        assert "CRPV Bretagne" in body  # as the search page names it
        for absent in ("bilan ancien", "Lille", "brouillon"):
            assert absent not in body
        assert "/alertes/gerer/" in body
    assert "<style" not in html and 'style="' in html  # CSS inlined
    assert "<img" not in html  # no tracking pixel
    assert "Fiches expérience" in html and "FICHES EXPÉRIENCE (3)" in text
    digest_row = Digest.objects.get()
    assert (digest_row.period, digest_row.items, digest_row.sent) == ("2026-W50", 3, True)


def test_what_an_alert_finds_is_what_the_search_finds_in_the_window(network):
    person = UserFactory()
    kept = alert(person, EDUCATION)
    since = digest.default_since("weekly", UNTIL)
    found_by_search = {
        hit.key
        for hit in search(saved.search_request(kept), page_size=100).hits
        if since <= ExperienceSheetFactory._meta.model.objects.get(pk=hit.key.split(":")[1]).published_at < UNTIL
    }
    searches = [finding.Search(saved.search_request(kept), saved.types_of(kept), int(since.timestamp()))]
    finding.run_searches(searches, int(UNTIL.timestamp()))
    assert {item.key for item in searches[0].found} == found_by_search
    assert found_by_search == {f"experience:{network['both'].pk}", f"experience:{network['education'].pk}"}


def test_nothing_is_sent_when_nothing_is_new_and_a_period_is_never_sent_twice(network, smtp_server):
    person, idle = UserFactory(), UserFactory()
    alert(person, EDUCATION)
    alert(idle, {"q": "jardins partagés"})
    first = digest.send_digests("weekly", UNTIL)
    assert (first.sent, first.empty) == (1, 1)
    again = digest.send_digests("weekly", UNTIL + timedelta(hours=2))  # the same week, started again
    assert (again.sent, again.skipped) == (0, 2)
    assert OutgoingMail.objects.count() == 1
    assert Digest.objects.get(user=idle).sent is False
    # The week after: only what was published since the last digest.
    fresh = sheet("Réussite éducative : nouveau projet à Brest", -3)
    rebuild()
    assert fresh.pk
    later = digest.send_digests("weekly", UNTIL + timedelta(days=7))
    assert (later.sent, later.empty) == (1, 1)
    mail.send_due()
    second = smtp_server.messages[-1]
    assert "nouveau projet" in text_of(second) and "Quimper" not in text_of(second)


def test_sessions_come_only_with_places_left_and_types_are_chosen(smtp_server):
    centre = CentreFactory()
    open_session = SessionFactory(title="Réussite éducative : journée d'échanges", centre=centre, capacity=30)
    full = SessionFactory(title="Réussite éducative : atelier complet", centre=centre, capacity=0)
    from passerelles.events.models import Session

    Session.objects.filter(pk__in=[open_session.pk, full.pk]).update(created_at=timezone.now() - timedelta(days=1))
    sheet("Réussite éducative : une fiche", 1)
    rebuild()
    sessions_only, sheets_only = UserFactory(), UserFactory()
    alert(sessions_only, {"q": "réussite éducative"}, types=["session"])
    alert(sheets_only, {"q": "réussite éducative"}, types=["experience"])
    digest.send_digests("weekly", timezone.now())
    mail.send_due()
    bodies = {message["To"]: text_of(message) for message in smtp_server.messages}
    assert "journée d'échanges" in bodies[sessions_only.email]
    assert "atelier complet" not in bodies[sessions_only.email]
    assert "une fiche" not in bodies[sessions_only.email]
    assert "une fiche" in bodies[sheets_only.email] and "journée" not in bodies[sheets_only.email]


def test_a_bare_post_to_the_list_unsubscribe_link_stops_the_digest(network, smtp_server):
    person = UserFactory()
    alert(person, EDUCATION)
    digest.send_digests("weekly", UNTIL)
    mail.send_due()
    link = unsubscribe_link(smtp_server.messages[0]).replace("http://127.0.0.1:8000", "")
    assert Client().post(link).status_code == 200  # no body, no CSRF token, no session
    assert mail.unsubscribed(person.email, links.LIST_KEY)
    sheet("Réussite éducative : nouveau projet à Brest", -3)
    rebuild()
    outcome = digest.send_digests("weekly", UNTIL + timedelta(days=7))
    assert (outcome.sent, outcome.skipped) == (0, 1)
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 0


def manage_path(smtp_server):
    return re.search(r"https?://[^/\s]+(/alertes/gerer/[^/\s]+/)", text_of(smtp_server.messages[-1])).group(1)


def test_the_manage_link_works_without_signing_in(network, smtp_server):
    person = UserFactory()
    kept = alert(person, EDUCATION)
    digest.send_digests("weekly", UNTIL)
    mail.send_due()
    path = manage_path(smtp_server)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and "« réussite éducative »" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        client.post(path, {"alert": kept.pk, "action": "save", "frequency": "monthly", "types": ["publication"]})[
            "Location"
        ]
        == path
    )
    kept.refresh_from_db()
    assert (kept.frequency, kept.types) == ("monthly", ["publication"])
    bad = client.post(path, {"alert": kept.pk, "action": "save", "frequency": "monthly"})
    assert bad.status_code == 400 and "Cochez au moins un type" in bad.content.decode()
    other = alert(UserFactory(), {"q": "autre"})
    client.post(path, {"alert": other.pk, "action": "delete"})
    assert Alert.objects.filter(pk=other.pk).exists()  # another person's alert: untouched
    client.post(path, {"action": "unsubscribe"})
    assert mail.unsubscribed(person.email, links.LIST_KEY)
    client.post(path, {"action": "resubscribe"})
    assert not mail.unsubscribed(person.email, links.LIST_KEY)
    client.post(path, {"alert": kept.pk, "action": "delete"})
    assert not Alert.objects.filter(pk=kept.pk).exists()


@pytest.mark.parametrize("change", ["tampered", "expired", "other-salt", "account-gone"])
def test_a_bad_manage_link_says_so_and_reveals_nothing(network, smtp_server, change, monkeypatch):
    person = UserFactory(email="secret@ville.example")
    kept = alert(person, EDUCATION)
    digest.send_digests("weekly", UNTIL)
    mail.send_due()
    path = manage_path(smtp_server)
    if change == "tampered":
        token = path.split("/")[-2]
        path = path.replace(token, token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB"))
    elif change == "expired":
        later = time.time() + (links.MANAGE_DAYS + 1) * 86400
        monkeypatch.setattr(signing.time, "time", lambda: later)
    elif change == "other-salt":
        token = signing.dumps({"u": person.pk, "e": person.email}, salt="passerelles.unsubscribe", compress=True)
        path = f"/alertes/gerer/{token}/"
    else:
        person.is_active = False
        person.save()
    for method in (Client().get, Client().post):
        response = method(path, {"alert": kept.pk, "action": "delete"} if method.__name__ == "post" else None)
        body = response.content.decode()
        assert response.status_code == (410 if change == "expired" else 404)
        assert "Ce lien de gestion de vos alertes" in body
        assert "secret" not in body and "réussite" not in body
    assert Alert.objects.filter(pk=kept.pk).exists()


def test_the_national_animation_starts_a_digest_as_a_job_with_progress(
    network, smtp_server, client, django_capture_on_commit_callbacks
):
    alert(UserFactory(), EDUCATION)
    assert client.get("/alertes/lettres/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/alertes/lettres/").status_code == 403
    animator = UserFactory(is_national_animator=True)
    client.force_login(animator)
    assert client.get("/alertes/lettres/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/alertes/lettres/", {"frequency": "weekly"})
    job = Job.objects.get()
    assert response["Location"] == f"/taches/{job.pk}/"
    job.refresh_from_db()
    assert (job.state, job.total, job.done) == ("done", 1, 1)
    assert "1 lettre(s) envoyée(s)" in job.message
    assert Digest.objects.count() == 1
    bad = client.post("/alertes/lettres/", {"frequency": "daily"})
    assert bad.status_code == 302 and Job.objects.count() == 1


def test_the_clock_starts_the_digests_every_morning():
    interval, at, task = clock.periodic()["passerelles.alerts.tasks.start_due_digests"]
    assert (interval, at.hour, at.minute) == (timedelta(days=1), 7, 0)
    assert task is tasks.start_due_digests


def test_periods_and_default_windows():
    assert digest.period_of("weekly", UNTIL) == "2026-W50"
    assert digest.period_of("monthly", UNTIL) == "2026-12"
    assert digest.default_since("weekly", UNTIL) == UNTIL - timedelta(days=7)
    assert timezone.localtime(digest.default_since("monthly", UNTIL)).date().isoformat() == "2026-11-07"
    assert QueryDict  # imported for the helpers above


def test_a_run_stopped_midway_then_resumed_sends_each_person_one_mail(network, monkeypatch):
    monkeypatch.setattr(digest, "BATCH", 2)
    people = [UserFactory() for _ in range(5)]
    for person in people:
        alert(person, EDUCATION)
    batches = []
    first = digest.send_digests("weekly", UNTIL, stop=lambda: len(batches) >= 1, advance=batches.append)
    assert first.sent == 2 and OutgoingMail.objects.count() == 2  # one batch, then stopped
    resumed = digest.send_digests("weekly", UNTIL)
    assert (resumed.sent, resumed.skipped) == (3, 2)
    assert sorted(OutgoingMail.objects.values_list("to", flat=True)) == sorted(p.email for p in people)


def test_old_digest_rows_are_forgotten_and_the_last_one_sets_the_window(network):
    person = UserFactory()
    alert(person, EDUCATION)
    digest.send_digests("weekly", UNTIL - timedelta(days=500))
    digest.send_digests("weekly", UNTIL - timedelta(days=1))  # the Sunday before: last week's period
    assert Digest.objects.count() == 2
    assert digest.forget_old_digests(UNTIL) == 1
    outcome = digest.send_digests("weekly", UNTIL)
    assert outcome.empty == 1  # what was new up to yesterday went in yesterday's digest
    assert Digest.objects.get(period="2026-W50").since == UNTIL - timedelta(days=1)
