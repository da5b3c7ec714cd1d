"""The centre's page of feeds: register, change, delete a feed, harvest it now, read its last
result; staff of one centre never reach another's feeds."""

import html
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.tests.factories import CentreFactory

from ..enums import FeedKind, HarvestStatus
from ..models import FeedSource, HarvestedEvent
from ..tasks import due_sources, harvest_due_feeds
from .conftest import make_source
from .feeds import Answer, calendar, vevent

pytestmark = pytest.mark.django_db
AGENDA = calendar(vevent("u1@centre.example", "20270110T100000", "20270110T120000", "Atelier"))


def text(answer):
    return html.unescape(answer.content.decode())


def test_staff_register_a_feed_harvest_it_now_and_read_its_result(
    client, local_feeds, centre, centre_admin, django_capture_on_commit_callbacks
):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    client.force_login(centre_admin)

    answer = client.post(
        reverse("federation:create"),
        {
            "centre": centre.pk,
            "kind": FeedKind.ICALENDAR,
            "label": "Agenda du site",
            "url": local_feeds.url("/agenda.ics"),
            "active": "on",
        },
    )
    assert answer.status_code == 302
    source = FeedSource.objects.get(centre=centre)

    with django_capture_on_commit_callbacks(execute=True):  # the queue runs it at once in tests
        client.post(reverse("federation:refresh", args=[source.pk]))
    page = text(client.get(reverse("federation:workspace")))
    assert "Moisson du flux « Agenda du site » demandée" in page
    assert "1 ajouté(s), 0 mis à jour, 0 retiré(s)." in page
    assert "1 événement" in page
    assert HarvestedEvent.objects.filter(source=source).count() == 1


def test_the_page_shows_the_french_message_of_a_failed_harvest(
    client, local_feeds, centre, centre_admin, django_capture_on_commit_callbacks
):
    local_feeds.answers["/agenda.ics"] = Answer(b"<html>pas un agenda</html>", content_type="text/html")
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    client.force_login(centre_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("federation:refresh", args=[source.pk]))
    page = text(client.get(reverse("federation:workspace")))

    assert "en erreur" in page
    assert "Le fichier n'est pas un agenda iCalendar lisible" in page


def test_bad_addresses_are_refused_in_french(client, centre, centre_admin, settings):
    client.force_login(centre_admin)
    for url, message in (
        (
            "ftp://centre.example/agenda.ics",
            "« ftp://centre.example/agenda.ics » n'est pas une adresse http(s) valide.",
        ),
        ("pas une adresse", "Saisissez une adresse web complète"),
        ("http://127.0.0.1/agenda.ics", "mène à un réseau privé ou local"),
    ):
        answer = client.post(
            reverse("federation:create"), {"centre": centre.pk, "kind": FeedKind.NEWS, "label": "Flux", "url": url}
        )
        assert answer.status_code == 400
        assert message in text(answer)
    assert not FeedSource.objects.exists()


def test_the_same_feed_twice_is_refused(client, centre, centre_admin, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "FEED_ALLOW_PRIVATE_HOSTS": True}
    make_source(centre, "http://127.0.0.1/agenda.ics")
    client.force_login(centre_admin)
    answer = client.post(
        reverse("federation:create"),
        {"centre": centre.pk, "kind": FeedKind.ICALENDAR, "label": "Encore", "url": "http://127.0.0.1/agenda.ics"},
    )
    assert answer.status_code == 400 and "Ce centre a déjà enregistré ce flux." in answer.content.decode()


def test_changing_the_address_forgets_what_the_old_one_gave(client, local_feeds, centre, centre_admin):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA, etag='"v1"')
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    from ..services.harvest import harvest

    harvest(source)
    client.force_login(centre_admin)
    answer = client.post(
        reverse("federation:edit", args=[source.pk]),
        {"kind": FeedKind.ICALENDAR, "label": "Nouvel agenda", "url": local_feeds.url("/autre.ics"), "active": "on"},
    )
    assert answer.status_code == 302
    source.refresh_from_db()
    assert (source.label, source.etag, source.last_status) == ("Nouvel agenda", "", "")
    assert not HarvestedEvent.objects.exists()


def test_deleting_a_feed_removes_what_it_gave(client, local_feeds, centre, centre_admin):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    from ..services.harvest import harvest

    harvest(source)
    client.force_login(centre_admin)
    assert client.get(reverse("federation:delete", args=[source.pk])).status_code == 200
    assert client.post(reverse("federation:delete", args=[source.pk])).status_code == 302
    assert not FeedSource.objects.exists() and not HarvestedEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.CENTRE_ADMIN, Role.EDITOR])
def test_staff_of_another_centre_never_touch_a_centres_feeds(client, local_feeds, centre, role):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    other = MembershipFactory(centre=CentreFactory(), role=role).user
    client.force_login(other)

    forbidden = [
        client.get(reverse("federation:edit", args=[source.pk])),
        client.post(
            reverse("federation:edit", args=[source.pk]),
            {"kind": FeedKind.NEWS, "label": "x", "url": "https://exemple.fr/"},
        ),
        client.post(reverse("federation:delete", args=[source.pk])),
        client.post(reverse("federation:refresh", args=[source.pk])),
        client.post(
            reverse("federation:create"),
            {"centre": centre.pk, "kind": FeedKind.NEWS, "label": "x", "url": "https://exemple.fr/"},
        ),
    ]

    if role == Role.CENTRE_ADMIN:  # the page of their own centre opens, without the other centre's feed
        page = client.get(reverse("federation:workspace"))
        assert page.status_code == 200 and source.label not in page.content.decode()
        assert forbidden[-1].status_code == 400  # another centre is not a choice of the form
        forbidden = forbidden[:-1]
    else:
        assert client.get(reverse("federation:workspace")).status_code == 403
    assert [answer.status_code for answer in forbidden] == [403] * len(forbidden)
    source.refresh_from_db()
    assert source.label == "Agenda du site" and source.last_checked_at is None
    assert FeedSource.objects.count() == 1


def test_refresh_is_post_only_and_anonymous_people_are_sent_to_sign_in(client, centre, centre_admin):
    source = make_source(centre, "https://centre.example/agenda.ics")
    assert client.post(reverse("federation:refresh", args=[source.pk])).status_code == 302
    client.force_login(centre_admin)
    assert client.get(reverse("federation:refresh", args=[source.pk])).status_code == 405


def test_the_clock_harvests_the_due_active_feeds(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    due = make_source(centre, local_feeds.url("/agenda.ics"))
    make_source(centre, local_feeds.url("/suspendu.ics"), active=False)

    assert list(due_sources()) == [due]
    assert harvest_due_feeds.call() == 1
    due.refresh_from_db()
    assert due.last_status == HarvestStatus.OK
    assert list(due_sources()) == []


def test_the_command_harvests_now(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    out = io.StringIO()
    call_command("harvest_feeds", stdout=out)
    assert "moissonné — 1 ajouté(s), 0 mis à jour, 0 retiré(s)." in out.getvalue()
    assert HarvestedEvent.objects.filter(source=source).count() == 1


def test_a_harvest_is_not_asked_twice_nor_again_right_after_it_ran(
    client, local_feeds, centre, centre_admin, django_capture_on_commit_callbacks
):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    source = make_source(centre, local_feeds.url("/agenda.ics"), label="Agenda du site")
    client.force_login(centre_admin)
    refresh = reverse("federation:refresh", args=[source.pk])

    with django_capture_on_commit_callbacks() as asked:  # the queue has not run it yet
        client.post(refresh)
        second = text(client.post(refresh, follow=True))
    assert len(asked) == 1
    assert "Une moisson du flux « Agenda du site » est déjà demandée" in second
    assert 'data-testid="feed-pending"' in second

    for callback in asked:  # the worker takes the task
        callback()
    with django_capture_on_commit_callbacks() as again:
        page = text(client.post(refresh, follow=True))
    assert again == []
    assert (
        "Le flux « Agenda du site » vient d'être moissonné : vous pourrez le moissonner de nouveau à partir de" in page
    )
    assert 'data-testid="feed-pending"' not in page

    two_minutes_ago = {name: F(name) - timedelta(minutes=2) for name in ("harvest_requested_at", "last_checked_at")}
    FeedSource.objects.filter(pk=source.pk).update(**two_minutes_ago)
    with django_capture_on_commit_callbacks() as later:
        assert "Moisson du flux « Agenda du site » demandée" in text(client.post(refresh, follow=True))
    assert len(later) == 1


def test_a_request_whose_task_was_lost_expires(client, centre, centre_admin, django_capture_on_commit_callbacks):
    source = make_source(centre, "https://centre.example/agenda.ics")
    FeedSource.objects.filter(pk=source.pk).update(harvest_requested_at=timezone.now() - timedelta(minutes=11))
    client.force_login(centre_admin)
    with django_capture_on_commit_callbacks() as asked:
        client.post(reverse("federation:refresh", args=[source.pk]))
    assert len(asked) == 1


def test_the_clock_does_not_enqueue_a_feed_whose_harvest_waits(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(AGENDA)
    waiting = make_source(centre, local_feeds.url("/attente.ics"))
    FeedSource.objects.filter(pk=waiting.pk).update(harvest_requested_at=timezone.now())
    due = make_source(centre, local_feeds.url("/agenda.ics"))
    assert due_sources() == [due]
    assert harvest_due_feeds.call() == 1
    waiting.refresh_from_db()
    due.refresh_from_db()
    assert waiting.last_checked_at is None  # still waiting for the task asked for before
    assert due.last_checked_at >= due.harvest_requested_at  # the clock's request, then its harvest
