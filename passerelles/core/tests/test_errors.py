import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/centres/quel-centre-couvre-ma-commune/?commune=%00",
        "/centres/quel-centre-couvre-ma-commune/?q=Bre%00st",
        "/centres/?region=%00",
        "/territoires/autocompletion/?q=2A%00%00%00",
    ],
)
def test_nul_characters_get_a_french_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()


def test_not_found_page_is_french(client):
    response = client.get("/centres/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert "Not Found" not in response.content.decode()


def test_csrf_refusal_is_french():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/connexion/", {"username": "a@b.fr", "password": "x"})
    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.content.decode()
