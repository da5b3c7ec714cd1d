"""Messages of a mailing list carry the one-click unsubscribe of RFC 8058, an HTML alternative
and a stable Message-ID; a bare POST to the link unsubscribes, a GET only asks; a tampered link
says so and reveals nothing; nothing more of that list is queued for the address."""

import pytest
from django.test import Client

from passerelles.core import mail
from passerelles.core.models import OutgoingMail, Unsubscription

pytestmark = pytest.mark.django_db

LIST = ("newsletter:7", "La lettre du centre")


def queue_list_message(to="lea@example.org"):
    html = "<p>Bonjour,</p><p>le texte.</p>"
    return mail.queue(to, "La lettre n° 3", "Bonjour,\nle texte.", html=html, list_key=LIST[0], list_label=LIST[1])


def token_of(message):
    url = "".join(message["List-Unsubscribe"].split()).strip("<>")  # unfolded
    return url, url.rstrip("/").rsplit("/", 1)[1]


def test_a_list_message_carries_the_headers_and_both_parts(smtp_server):
    queued = queue_list_message()
    assert mail.send_due() == (1, 0)
    [message] = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.get_payload()] == ["text/plain", "text/html"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url, _ = token_of(message)
    assert url.startswith("http://127.0.0.1:8000/desabonnement/")
    assert message["List-Id"].endswith("<newsletter-7.127.0.0.1>")
    assert message["Message-ID"] == mail.message_id(queued)


def test_the_message_id_is_the_same_at_every_attempt(smtp_server, settings):
    queued = queue_list_message()
    assert mail.message_id(queued) == mail.message_id(OutgoingMail.objects.get())
    assert mail.message_id(queued) != mail.message_id(queue_list_message("autre@example.org"))


def test_a_bare_post_unsubscribes_in_one_click(smtp_server):
    queue_list_message()
    mail.send_due()
    url, token = token_of(smtp_server.messages[0])
    client = Client(enforce_csrf_checks=True)  # a mail client has no session and no CSRF token

    assert client.get(f"/desabonnement/{token}/").status_code == 200
    assert not Unsubscription.objects.exists()  # a link checker's GET unsubscribes nobody

    response = client.post(
        f"/desabonnement/{token}/", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Désabonnement confirmé" in response.content.decode()
    assert Unsubscription.objects.get().email == "lea@example.org"
    assert queue_list_message() is None  # nothing more of that list for the address
    assert queue_list_message("LEA@example.org") is None
    assert mail.queue("lea@example.org", "Autre chose", "Texte.", list_key="digest") is not None


def test_unsubscribing_drops_what_was_queued_for_that_list(smtp_server):
    queue_list_message()
    mail.queue("lea@example.org", "Votre inscription", "Texte.")
    mail.unsubscribe("lea@example.org", *LIST)
    assert list(OutgoingMail.objects.values_list("subject", flat=True)) == ["Votre inscription"]


@pytest.mark.parametrize("change", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "nimporte-quoi"])
def test_a_tampered_link_says_so_and_reveals_nothing(change):
    token = mail.unsubscribe_token("lea@example.org", *LIST)
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/desabonnement/{change(token)}/")
        page = response.content.decode()
        assert response.status_code == 404
        assert "Ce lien de désabonnement n'est pas reconnu" in page
        assert "lea@example.org" not in page and "La lettre du centre" not in page
    assert not Unsubscription.objects.exists()
