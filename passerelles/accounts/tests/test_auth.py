import pytest
from django.test import Client

from .factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
PASSWORD = "mot-de-passe-solide"


def sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="10.1.2.3")


def test_sign_in_with_email_and_password(client):
    user = UserFactory(email="chargee@centre.example")
    response = sign_in(client, "Chargee@Centre.example", PASSWORD)
    assert response.status_code == 302
    assert client.get("/comptes/mon-compte/").context["user"] == user


def test_wrong_password_gets_a_french_message(client):
    UserFactory(email="chargee@centre.example")
    response = sign_in(client, "chargee@centre.example", "faux")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_repeated_failures_are_throttled(client):
    UserFactory(email="cible@centre.example")
    for _ in range(5):
        sign_in(client, "cible@centre.example", "mauvais")
    response = sign_in(client, "cible@centre.example", PASSWORD)  # right password, too late
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    UserFactory(email="autre@centre.example")
    assert sign_in(Client(), "autre@centre.example", PASSWORD).status_code == 302


def test_profile_needs_sign_in(client):
    response = client.get("/comptes/mon-compte/")
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_throttling_ignores_the_case_of_the_email():
    UserFactory(email="cible@centre.example")
    for variant in ["cible@centre.example", "CIBLE@centre.example", "Cible@Centre.Example", "cIbLe@centre.example"]:
        sign_in(Client(), variant, "mauvais")
    sign_in(Client(), "CiBlE@centre.example", "mauvais")
    response = sign_in(Client(), "CIBLE@CENTRE.EXAMPLE", PASSWORD)
    assert response.status_code == 429
    assert "réessayez dans 15 minutes" in response.content.decode()


def test_an_email_exists_once_whatever_its_case():
    from django.db import IntegrityError, transaction

    from ..models import User

    UserFactory(email="Unique@Centre.example")
    assert User.objects.get().email == "unique@centre.example"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=User.objects.get().pk).update(email="UNIQUE@centre.example")
        User.objects.create(email="unique@centre.example")
    assert sign_in(Client(), "UNIQUE@CENTRE.EXAMPLE", PASSWORD).status_code == 302
