"""Opening a practitioner account: double opt-in through the outbox to a real SMTP server, the
same answer whatever the address, honeypot and throttles, tampered or expired links, « Mon profil »."""

import re
import time
from email.header import decode_header, make_header

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from passerelles.accounts.tests.factories import UserFactory
from passerelles.core.mail import send_due
from passerelles.core.models import OutgoingMail
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from ..models import Profile

SIGN_UP = "/reseau/inscription/"
SENT = "/reseau/inscription/envoyee/"
PROFILE = "/reseau/mon-profil/"
LINK = re.compile(r"https?://[^/\s]+(/reseau/inscription/confirmer/\S+/)")


def text(message):
    return message.get_payload(decode=True).decode(message.get_content_charset())


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def form_data(**changes):
    function = Concept.objects.filter(scheme=Scheme.FUNCTIONS).order_by("pk").first()
    themes = Concept.objects.filter(scheme=Scheme.THEMES).order_by("pk")[:2]
    data = {
        "first_name": "Annaïg",
        "last_name": "Le Goff",
        "email": "Annaig@Ville.example",
        "password1": "un-secret-assez-long",
        "password2": "un-secret-assez-long",
        "function": function.pk,
        "organisation": "Ville de Brest",
        "territory": "Finistère",
        "themes": [theme.pk for theme in themes],
    }
    data.update(changes)
    return data


def signs_in(email, password):
    return Client().post("/comptes/connexion/", {"username": email, "password": password}).status_code == 302


@pytest.mark.django_db
def test_an_account_opens_once_its_address_is_confirmed(client, smtp_server):
    response = client.post(SIGN_UP, form_data(), REMOTE_ADDR="198.51.100.1")
    assert (response.status_code, response["Location"]) == (302, SENT)
    user = get_user_model().objects.get(email="annaig@ville.example")
    profile = user.practitioner
    assert not user.is_active and profile.confirmed_at is None
    assert profile.territory == Territory.objects.get(kind="departement", code="29")
    assert profile.organisation == "Ville de Brest" and profile.themes.count() == 2 and profile.function
    assert not signs_in("annaig@ville.example", "un-secret-assez-long")  # inactive until confirmed
    assert send_due() == (1, 0)
    [message] = smtp_server.messages
    assert message["To"] == "annaig@ville.example"
    assert "confirmez" in subject(message)
    link = LINK.search(text(message)).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "annaig@ville.example" in page.content.decode()
    user.refresh_from_db()
    assert not user.is_active  # opening the link (a mail scanner) confirms nothing
    response = client.post(link)
    assert (response.status_code, response["Location"]) == (302, PROFILE)
    user.refresh_from_db()
    assert user.is_active and user.practitioner.confirmed_at
    assert client.get(PROFILE).status_code == 200  # signed in
    assert signs_in("annaig@ville.example", "un-secret-assez-long")
    # The link again: already confirmed, it signs nobody in.
    other = Client()
    response = other.post(link)
    assert response["Location"] == "/comptes/connexion/"
    assert other.get(PROFILE).status_code == 302


@pytest.mark.django_db
def test_the_confirmation_leads_back_to_where_the_person_came_from(client, smtp_server):
    client.post(SIGN_UP, form_data(next="/alertes/nouvelle/?q=emploi"))
    send_due()
    link = LINK.search(text(smtp_server.messages[0])).group(1)
    assert client.post(link)["Location"] == "/alertes/nouvelle/?q=emploi"
    Client().post(SIGN_UP, form_data(email="autre@ville.example", next="https://ailleurs.example/"))
    send_due()
    link = LINK.search(text(smtp_server.messages[1])).group(1)
    assert Client().post(link)["Location"] == PROFILE  # never another site


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["tampered", "expired", "gone"])
def test_a_bad_confirmation_link_says_so_and_reveals_nothing(client, smtp_server, change, monkeypatch):
    client.post(SIGN_UP, form_data())
    send_due()
    link = LINK.search(text(smtp_server.messages[0])).group(1)
    if change == "tampered":
        link = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]
    elif change == "gone":
        get_user_model().objects.all().delete()
    elif change == "expired":  # read four days later (links last three)
        later = time.time() + 4 * 86400
        monkeypatch.setattr(signing.time, "time", lambda: later)
    for method in (client.get, client.post):
        response = method(link)
        body = response.content.decode()
        assert response.status_code == (410 if change == "expired" else 404)
        assert "Ce lien de confirmation de compte" in body and "annaig" not in body.lower()
    assert not get_user_model().objects.filter(is_active=True).exists()


@pytest.mark.django_db
def test_an_address_already_known_gets_the_same_answer_and_a_mail_saying_so(smtp_server):
    UserFactory(email="annaig@ville.example")
    response = Client().post(SIGN_UP, form_data(), REMOTE_ADDR="198.51.100.2")
    assert (response.status_code, response["Location"]) == (302, SENT)
    assert get_user_model().objects.count() == 1 and not Profile.objects.exists()
    send_due()
    [message] = smtp_server.messages
    assert "existe déjà" in subject(message) and not LINK.search(text(message))
    assert get_user_model().objects.get().check_password("mot-de-passe-solide")  # nothing changed


@pytest.mark.django_db
def test_an_unconfirmed_account_gets_a_new_link_and_keeps_its_password(smtp_server):
    Client().post(SIGN_UP, form_data())
    Client().post(SIGN_UP, form_data(password1="autre-secret-bien-long", password2="autre-secret-bien-long"))
    send_due()
    assert len(smtp_server.messages) == 2
    links = [LINK.search(text(message)).group(1) for message in smtp_server.messages]
    Client().post(links[1])
    assert signs_in("annaig@ville.example", "un-secret-assez-long")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "pas-une-adresse"}, "email", "adresse de courriel valide"),
        ({"password2": "autre-chose-encore"}, "password2", "pas identiques"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "entièrement numérique"),
        ({"territory": "Nulle-Part-sur-Mer"}, "territory", "territoire introuvable"),
        ({"last_name": ""}, "last_name", "obligatoire"),
        ({"function": "999999"}, "function", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_answered_in_french_and_nothing_is_written(client, changes, field, message):
    response = client.post(SIGN_UP, form_data(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "rien n'a été enregistré ni envoyé" in response.content.decode()
    assert not get_user_model().objects.exists() and not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_gets_the_usual_answer_and_nothing_is_written(client):
    assert 'name="site_web"' in client.get(SIGN_UP).content.decode()
    response = client.post(SIGN_UP, {**form_data(), "site_web": "https://spam.example"})
    assert (response.status_code, response["Location"]) == (302, SENT)
    assert not get_user_model().objects.exists() and not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_sign_ups_are_limited_per_client_and_per_address(settings):
    throttles = {**settings.PASSERELLES["THROTTLES"], "SIGN_UP_CLIENT": "3/h", "SIGN_UP_RECIPIENT": "2/h"}
    settings.PASSERELLES = {**settings.PASSERELLES, "THROTTLES": throttles}
    for n in range(2):
        assert Client().post(SIGN_UP, form_data(), REMOTE_ADDR=f"198.51.100.{n}").status_code == 302
    refused = Client().post(SIGN_UP, form_data(), REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429 and "pour cette adresse" in refused.content.decode()
    assert OutgoingMail.objects.count() == 2
    for n in range(3):
        Client().post(SIGN_UP, form_data(email=f"p{n}@ville.example"), REMOTE_ADDR="203.0.113.5")
    refused = Client().post(SIGN_UP, form_data(email="p9@ville.example"), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and "depuis votre connexion" in refused.content.decode()
    assert not get_user_model().objects.filter(email="p9@ville.example").exists()


@pytest.mark.django_db
def test_my_profile_saves_the_activity_and_what_the_directory_shows(client):
    user = UserFactory(email="praticien@ville.example")
    assert client.get(PROFILE)["Location"].startswith("/comptes/connexion/?next=")
    client.force_login(user)
    page = client.get(PROFILE)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    data = form_data()
    data = {k: data[k] for k in ("first_name", "last_name", "function", "organisation", "themes")}
    response = client.post(
        PROFILE, {**data, "territory": "Brest (29)", "in_directory": "on", "show_name": "on", "show_themes": "on"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.territory.key == "commune:29019" and profile.in_directory
    assert (profile.show_name, profile.show_email, profile.show_function, profile.show_themes) == (
        True,
        False,
        False,
        True,
    )
    bad = client.post(PROFILE, {**data, "territory": "Nulle-Part-sur-Mer"})
    assert bad.status_code == 400 and "territoire introuvable" in bad.content.decode()
    profile.refresh_from_db()
    assert profile.territory.key == "commune:29019"


@pytest.mark.django_db
def test_the_sign_in_page_leads_to_the_sign_up_page_with_where_to_come_back(client):
    page = client.get("/comptes/connexion/?next=/alertes/nouvelle/%3Fq%3Demploi").content.decode()
    assert "/reseau/inscription/?next=" in page
