"""A centre composes an issue (editorial in Markdown, made safe; items from its content and the
network's, in the order it chose), previews it, sends a test to itself, then sends it to groups
and subscribers through the outbox: real SMTP, each address once, the one-click unsubscribe of the
centre's list; each sent issue is archived as a publication of the centre's newsletter series."""

from email.header import decode_header, make_header

import pytest
from django.test import Client
from django.urls import reverse

from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.contacts.enums import Purpose
from passerelles.contacts.models import ConsentRecord
from passerelles.core import mail
from passerelles.core.models import Job, OutgoingMail
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.enums import Kind
from passerelles.publications.models import Publication, Series
from passerelles.publications.tests.factories import PublishedFactory
from passerelles.search.services.querying import SearchRequest, search
from passerelles.search_index.services.indexing import apply_pending

from ..enums import IssueStatus
from ..models import Delivery, Issue, Item, Subscriber
from ..services import compose, sending
from .factories import group_of, issue_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pb():
    return Centre.objects.get(slug="pb")


@pytest.fixture
def other():
    return Centre.objects.get(slug="reso-villes")


def member(client, centre, role="reviewer"):
    user = MembershipFactory(centre=centre, role=role).user
    client.force_login(user)
    return user


def published_sheet(centre, title="Réussite éducative à Brest"):
    from django.utils import timezone

    return ExperienceSheetFactory(centre=centre, title=title, status=SheetStatus.PUBLISHED, published_at=timezone.now())


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def send_all(client, issue, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("newsletters:send", args=[issue.pk]), data)
    return response


# Composing ---------------------------------------------------------------------------------------


def test_a_centre_writes_an_issue_and_picks_items_from_its_content_and_the_networks(client, pb, other):
    member(client, pb, "editor")
    own = published_sheet(pb, "Cités éducatives à Brest")
    network = published_sheet(other, "Jardins partagés à Lyon")
    ExperienceSheetFactory(centre=pb, title="Brouillon caché")  # a draft is never suggested
    response = client.post(
        reverse("newsletters:create"), {"centre": pb.pk, "title": "Lettre n° 1", "editorial": "Bonjour."}
    )
    issue = Issue.objects.get()
    assert response.url == issue.get_absolute_url() and issue.centre == pb and issue.status == IssueStatus.DRAFT

    page = client.get(issue.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "Cités éducatives à Brest" in page and "Jardins partagés à Lyon" in page
    assert "Brouillon caché" not in page
    client.post(
        reverse("newsletters:add_items", args=[issue.pk]), {"choix": [f"sheet:{network.pk}", f"sheet:{own.pk}"]}
    )
    assert list(issue.items.values_list("title", flat=True)) == ["Jardins partagés à Lyon", "Cités éducatives à Brest"]

    first = issue.items.get(title="Jardins partagés à Lyon")
    client.post(reverse("newsletters:move_item", args=[issue.pk, first.pk, "descendre"]))
    assert list(issue.items.values_list("title", flat=True)) == ["Cités éducatives à Brest", "Jardins partagés à Lyon"]
    client.post(reverse("newsletters:move_item", args=[issue.pk, first.pk, "retirer"]))
    assert list(issue.items.values_list("title", flat=True)) == ["Cités éducatives à Brest"]
    # What is chosen is no longer suggested; what was removed is again.
    page = client.get(issue.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert f'value="sheet:{own.pk}"' not in page and f'value="sheet:{network.pk}"' in page


def test_unpublished_or_unknown_content_cannot_be_added(client, pb):
    member(client, pb, "editor")
    issue = issue_of(pb)
    draft = ExperienceSheetFactory(centre=pb)
    response = client.post(
        reverse("newsletters:add_items", args=[issue.pk]),
        {"choix": [f"sheet:{draft.pk}", "sheet:999999", "x:1", "nimp"]},
    )
    assert not Item.objects.exists()
    assert "Cochez au moins un contenu publié" in client.get(response.url).content.decode().replace("&#x27;", "'")


def test_an_empty_title_is_refused_in_french_and_nothing_is_written(client, pb):
    member(client, pb, "editor")
    response = client.post(reverse("newsletters:create"), {"centre": pb.pk, "title": "  ", "editorial": "x"})
    assert response.status_code == 400
    assert "Donnez un titre à la lettre." in response.content.decode().replace("&#x27;", "'")
    assert not Issue.objects.exists()
    issue = issue_of(pb)
    response = client.post(issue.get_absolute_url(), {"title": "", "editorial": "Autre"})
    assert response.status_code == 400 and "Donnez un titre à la lettre." in response.content.decode().replace(
        "&#x27;", "'"
    )
    issue.refresh_from_db()
    assert issue.title == "La lettre de janvier" and issue.editorial == "Bonjour à **toutes et tous**."


HOSTILE = """Bonjour **à tous**.

<script>alert("x")</script><img src=x onerror="alert(1)"><iframe src="https://evil.example"></iframe>
<a href="javascript:alert(1)">clic</a> [lien](javascript:alert(2)) <style>body{display:none}</style>
<p onclick="alert(3)">paragraphe</p> [le site](https://www.example.org)"""


def test_hostile_markdown_and_html_are_stripped_on_render(client, pb):
    html = compose.editorial_html(HOSTILE)
    for hostile in ("<script", "onerror", "<iframe", "javascript:", "<style", "onclick", "<img"):
        assert hostile not in html
    assert "<strong>à tous</strong>" in html and 'href="https://www.example.org"' in html
    issue = issue_of(pb, editorial=HOSTILE)
    member(client, pb, "editor")
    for url in (reverse("newsletters:preview", args=[issue.pk]), reverse("newsletters:preview_mail", args=[issue.pk])):
        page = client.get(url).content.decode().replace("&#x27;", "'")
        assert "<script>alert" not in page and "javascript:alert" not in page and "onerror" not in page
    rendered = compose.render_mail(issue)
    assert "<script" not in rendered.html and "alert(" not in rendered.text.replace('alert("x")', "")


def test_the_email_has_its_css_inlined_a_600px_table_and_a_text_part(pb, other):
    issue = issue_of(pb)
    compose.add_items(issue, [f"sheet:{published_sheet(other).pk}"])
    rendered = compose.render_mail(issue)
    assert "<style" not in rendered.html  # inlined into the elements
    assert 'width="600"' in rendered.html and "max-width: 600px" in rendered.html
    assert 'style="' in rendered.html
    assert "Réussite éducative à Brest" in rendered.text and "toutes et tous" in rendered.text
    assert "**" not in rendered.text and "<" not in rendered.text
    assert "http://127.0.0.1:8000/experiences/" in rendered.text


# Sending -----------------------------------------------------------------------------------------


def test_a_test_goes_to_oneself_only(client, pb, smtp_server, django_capture_on_commit_callbacks):
    user = member(client, pb, "editor")
    issue = issue_of(pb)
    group_of(pb, 3)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletters:send_test", args=[issue.pk]))
    [message] = smtp_server.messages
    assert message["To"] == user.email and subject(message).startswith("[Essai] La lettre de janvier")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT and not Delivery.objects.exists()


def test_an_issue_reaches_each_consenting_contact_and_subscriber_once(
    client, pb, smtp_server, django_capture_on_commit_callbacks
):
    member(client, pb, "reviewer")
    issue = issue_of(pb)
    first = group_of(pb, 3, prefix="membre")
    second = group_of(pb, 0)
    second.contacts.add(*first.contacts.all()[:2])  # in both groups: once
    group_of(pb, 2, consent=False, prefix="refus", name="Refus")  # no newsletter consent
    refusing = first.contacts.get(email="membre2@example.org")
    ConsentRecord.objects.create(contact=refusing, purpose=Purpose.NEWSLETTER, given=False, source="retrait")
    Subscriber.objects.create(centre=pb, email="abonne@example.org", confirmed_at="2026-01-02T00:00Z")
    Subscriber.objects.create(centre=pb, email="MEMBRE0@example.org", confirmed_at="2026-01-02T00:00Z")
    Subscriber.objects.create(
        centre=Centre.objects.get(slug="reso-villes"), email="ailleurs@example.org", confirmed_at="2026-01-02T00:00Z"
    )

    response = send_all(
        client, issue, {"groups": [first.pk, second.pk], "to_subscribers": "on"}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "abonne@example.org",
        "membre0@example.org",
        "membre1@example.org",
    ]
    message = smtp_server.messages[0]
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.get_payload()] == ["text/plain", "text/html"]
    assert message["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/desabonnement/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith("<passerelles.")
    assert subject(message).startswith("La lettre de janvier")
    html = message.get_payload()[1].get_payload(decode=True).decode()
    assert "/desabonnement/" in html and "<img" not in html  # their own link; no tracking pixel
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.recipients_total == 3
    assert Job.objects.get().state == Job.State.DONE
    assert "3 messages partis" in client.get(issue.get_absolute_url()).content.decode().replace("&#x27;", "'")


def test_a_one_click_unsubscribe_keeps_the_next_issue_away(client, pb, smtp_server, django_capture_on_commit_callbacks):
    member(client, pb, "reviewer")
    group = group_of(pb, 2)
    send_all(client, issue_of(pb), {"groups": [group.pk]}, django_capture_on_commit_callbacks)
    leaving = next(m for m in smtp_server.messages if m["To"] == "contact0@example.org")
    url = "".join(leaving["List-Unsubscribe"].split()).strip("<>")
    path = "/" + url.split("/", 3)[3]
    bare = Client(enforce_csrf_checks=True)
    response = bare.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200

    smtp_server.messages.clear()
    send_all(
        client, issue_of(pb, title="La lettre de février"), {"groups": [group.pk]}, django_capture_on_commit_callbacks
    )
    assert [m["To"] for m in smtp_server.messages] == ["contact1@example.org"]


def test_no_recipient_chosen_or_none_found_is_refused_in_french(client, pb, django_capture_on_commit_callbacks):
    member(client, pb, "reviewer")
    issue = issue_of(pb)
    response = send_all(client, issue, {}, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Choisissez au moins un groupe de contacts ou les abonnés" in response.content.decode().replace(
        "&#x27;", "'"
    )
    empty = group_of(pb, 2, consent=False)
    response = send_all(client, issue, {"groups": [empty.pk]}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "Personne ne recevrait cette lettre" in response.content.decode().replace(
        "&#x27;", "'"
    )
    theirs = group_of(Centre.objects.get(slug="reso-villes"), 2)
    response = send_all(client, issue, {"groups": [theirs.pk]}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "pas un groupe de votre centre" in response.content.decode().replace(
        "&#x27;", "'"
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT and not Publication.objects.exists() and not OutgoingMail.objects.exists()


def test_an_empty_issue_is_not_sent(client, pb, django_capture_on_commit_callbacks):
    member(client, pb, "reviewer")
    issue = issue_of(pb, editorial="")
    group = group_of(pb, 1)
    response = send_all(client, issue, {"groups": [group.pk]}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "La lettre est vide" in response.content.decode().replace("&#x27;", "'")


def test_a_sent_issue_no_longer_changes_and_is_not_sent_twice(
    client, pb, smtp_server, django_capture_on_commit_callbacks
):
    member(client, pb, "reviewer")
    issue = issue_of(pb)
    group = group_of(pb, 2)
    send_all(client, issue, {"groups": [group.pk]}, django_capture_on_commit_callbacks)
    send_all(client, issue, {"groups": [group.pk]}, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 2
    client.post(issue.get_absolute_url(), {"title": "Changé", "editorial": ""})
    issue.refresh_from_db()
    assert issue.title == "La lettre de janvier"
    with pytest.raises(sending.SendRefused):
        sending.start(issue, None, [group], False)


def test_a_stopped_send_queues_nobody_more(pb, django_capture_on_commit_callbacks, settings, smtp_server):
    settings.PASSERELLES = {**settings.PASSERELLES, "NEWSLETTER_CHUNK": 2}
    issue = issue_of(pb)
    group = group_of(pb, 6)
    user = MembershipFactory(centre=pb, role="reviewer").user
    issue = sending.start(issue, user, [group], False)  # not run: callbacks not executed
    Job.objects.filter(pk=issue.job_id).update(stop_requested=True)
    sending.run(str(issue.job_id), issue.pk)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.STOPPED and not Delivery.objects.exists()


def test_a_run_started_again_skips_whoever_was_queued(pb, smtp_server, settings):
    issue = issue_of(pb)
    group = group_of(pb, 5)
    user = MembershipFactory(centre=pb, role="reviewer").user
    issue = sending.start(issue, user, [group], False)
    Delivery.objects.create(issue=issue, email="contact1@example.org")  # as if queued before a crash
    sending.run(str(issue.job_id), issue.pk)
    mail.send_due()
    assert sorted(m["To"] for m in smtp_server.messages) == [f"contact{n}@example.org" for n in (0, 2, 3, 4)]
    assert Job.objects.get().done == 5


# The archive -------------------------------------------------------------------------------------


def test_a_sent_issue_is_a_publication_of_the_centres_newsletter_series(
    client, pb, smtp_server, django_capture_on_commit_callbacks
):
    member(client, pb, "reviewer")
    assert not Series.objects.filter(centre=pb, kind=Kind.NEWSLETTER).exists()
    issue = issue_of(pb, title="Spécial renouvellement urbain")
    compose.add_items(issue, [f"publication:{PublishedFactory(centre=pb, title='Guide du NPNRU').pk}"])
    send_all(client, issue, {"groups": [group_of(pb, 1).pk]}, django_capture_on_commit_callbacks)
    issue.refresh_from_db()
    publication = issue.publication
    assert publication.is_published and publication.kind == Kind.NEWSLETTER and publication.issue_number == "1"
    assert publication.series.centre == pb and publication.series.kind == Kind.NEWSLETTER
    assert "Guide du NPNRU" in publication.abstract
    series_page = client.get(publication.series.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "Spécial renouvellement urbain" in series_page
    web = Client().get(reverse("newsletters:web", args=[issue.pk]))
    assert web.status_code == 200 and "Guide du NPNRU" in web.content.decode().replace("&#x27;", "'")
    assert publication.online_url.endswith(reverse("newsletters:web", args=[issue.pk]))
    assert "Spécial renouvellement urbain" in Client().get(reverse("publications:rss")).content.decode()
    oai = Client().get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content.decode()
    assert "Spécial renouvellement urbain" in oai and publication.oai_identifier in oai.replace("&#x27;", "'")
    apply_pending()
    from django.http import QueryDict

    found = search(SearchRequest.from_query_dict(QueryDict("q=renouvellement")))
    assert any(hit.url == publication.get_absolute_url() for hit in found.hits)


def test_an_existing_newsletter_series_is_used(pb, django_capture_on_commit_callbacks, smtp_server):
    series = Series.objects.create(centre=pb, title="Pb Infos", slug="pb-infos", kind=Kind.NEWSLETTER)
    user = MembershipFactory(centre=pb, role="reviewer").user
    issue = sending.start(issue_of(pb), user, [group_of(pb, 1)], False)
    assert (
        issue.publication.series == series and issue.publication.full_title == "Pb Infos, n° 1 : La lettre de janvier"
    )


def test_a_draft_is_not_on_the_web():
    issue = issue_of(Centre.objects.get(slug="pb"))
    assert Client().get(reverse("newsletters:web", args=[issue.pk])).status_code == 404


def test_a_send_stopped_before_it_started_shows_as_stopped(client, pb):
    from passerelles.core import jobs

    user = member(client, pb, "reviewer")
    issue = sending.start(issue_of(pb), user, [group_of(pb, 2)], False)  # its job never ran
    jobs.request_stop(issue.job)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "envoi arrêté" in page
    issue.refresh_from_db()
    assert issue.status == IssueStatus.STOPPED
