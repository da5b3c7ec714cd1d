"""« Créer une alerte » from a search page, « Mes alertes »: what an alert keeps is exactly what the
search page reads (SearchRequest), each person sees and changes only their own alerts."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from passerelles.accounts.tests.factories import UserFactory
from passerelles.search.services.request import SearchRequest

from ..models import Alert
from ..services import saved

SEARCH = "q=r%C3%A9ussite+%C3%A9ducative&territoire=Finist%C3%A8re&type=experience&type=session"


def checked(page):
    return set(re.findall(r'<input type="checkbox" name="types" value="(\w+)"[^>]* checked', page))


def request_of(url):
    return SearchRequest.from_query_dict(QueryDict(urlsplit(url).query))


@pytest.mark.django_db
def test_every_search_page_offers_to_keep_the_search_as_an_alert(client):
    page = client.get(f"/recherche/?{SEARCH}").content.decode()
    assert 'data-testid="create-alert"' in page
    assert "/alertes/nouvelle/?q=r%C3%A9ussite+%C3%A9ducative&amp;type=experience" in page


@pytest.mark.django_db
def test_someone_not_signed_in_is_asked_to_sign_in_or_open_an_account_and_comes_back(client):
    response = client.get(f"/alertes/nouvelle/?{SEARCH}")
    page = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "« réussite éducative » — Territoire : Finistère (29)" in page
    back = f"/alertes/nouvelle/?{SEARCH}"
    for path in ("/comptes/connexion/", "/reseau/inscription/"):
        start = page.index(f'href="{path}?next=')
        link = page[start + 6 : page.index('"', start + 6)].replace("&amp;", "&")
        assert parse_qs(urlsplit(link).query)["next"] == [back]
    assert client.post(f"/alertes/nouvelle/?{SEARCH}", {"frequency": "weekly", "types": ["experience"]}).status_code
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_an_alert_keeps_the_search_exactly_as_the_search_page_reads_it(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(f"/alertes/nouvelle/?{SEARCH}&page=3").content.decode()
    # The search's own type filter is the alert's first choice of content types.
    assert checked(page) == {"experience", "session"}
    response = client.post(
        f"/alertes/nouvelle/?{SEARCH}&page=3", {"frequency": "weekly", "types": ["experience", "publication"]}
    )
    assert response["Location"] == "/alertes/"
    alert = Alert.objects.get(user=user)
    original = SearchRequest.from_query_dict(QueryDict(SEARCH))
    assert alert.params == original.to_params(type=None)
    assert alert.params["territoire"] == ["departement:29"]  # the name, resolved once
    kept = saved.search_request(alert)
    assert (kept.q, kept.page) == (original.q, 1)
    assert kept.filters == {"territory": ["departement:29"]}
    assert saved.types_of(alert) == ["experience", "publication"]
    assert (alert.frequency, alert.title) == ("weekly", "« réussite éducative » — Territoire : Finistère (29)")
    # « Voir les résultats » opens the same search (with the type when the alert has only one).
    mine = client.get("/alertes/").content.decode()
    assert "Chaque semaine — fiches expérience, publications" in mine
    url = saved.results_url(alert)
    assert url.replace("&", "&amp;") in mine
    assert request_of(url).filters == kept.filters and request_of(url).q == kept.q
    alert.types = ["session"]
    assert request_of(saved.results_url(alert)).filters == {**kept.filters, "type": ["session"]}


@pytest.mark.django_db
def test_an_alert_of_every_type_opens_the_search_without_a_type_filter(client):
    user = UserFactory()
    client.force_login(user)
    all_types = ["experience", "publication", "session", "catalogue"]
    client.post("/alertes/nouvelle/?q=emploi", {"frequency": "monthly", "types": all_types})
    alert = Alert.objects.get()
    assert saved.results_url(alert) == "/recherche/?q=emploi"
    assert saved.search_request(alert).filters == {} and saved.types_of(alert) == all_types


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"frequency": "weekly"}, "Cochez au moins un type de contenu."),
        ({"frequency": "daily", "types": ["experience"]}, "Sélectionnez un choix valide"),
        ({"frequency": "weekly", "types": ["centre"]}, "Sélectionnez un choix valide"),
        ({"types": ["experience"]}, "Choisissez la fréquence"),
    ],
)
def test_bad_choices_are_answered_in_french_and_nothing_is_saved(client, data, message):
    client.force_login(UserFactory())
    response = client.post("/alertes/nouvelle/?q=emploi", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_a_person_edits_and_deletes_their_alerts_and_never_another_s(client):
    owner, other = UserFactory(), UserFactory()
    alert = Alert.objects.create(user=owner, title="« emploi »", params={"q": "emploi"})
    client.force_login(other)
    assert client.get(f"/alertes/{alert.pk}/modifier/").status_code == 404
    assert (
        client.post(f"/alertes/{alert.pk}/modifier/", {"frequency": "monthly", "types": ["session"]}).status_code == 404
    )
    client.post(f"/alertes/{alert.pk}/supprimer/")
    assert "emploi" not in client.get("/alertes/").content.decode()
    alert.refresh_from_db()
    assert alert.frequency == "weekly"
    client.force_login(owner)
    assert (
        client.post(f"/alertes/{alert.pk}/modifier/", {"frequency": "monthly", "types": ["session"]}).status_code == 302
    )
    alert.refresh_from_db()
    assert (alert.frequency, alert.types) == ("monthly", ["session"])
    bad = client.post(f"/alertes/{alert.pk}/modifier/", {"frequency": "monthly"})
    assert bad.status_code == 400
    client.post(f"/alertes/{alert.pk}/supprimer/")
    assert not Alert.objects.exists()
    assert "pas encore d'alerte" in client.get("/alertes/").content.decode()


@pytest.mark.django_db
def test_my_alerts_need_signing_in(client):
    assert client.get("/alertes/")["Location"].startswith("/comptes/connexion/?next=/alertes/")


@pytest.mark.django_db
def test_a_person_holds_at_most_twenty_alerts(client):
    user = UserFactory()
    client.force_login(user)
    Alert.objects.bulk_create([Alert(user=user, title=str(n), params={"q": str(n)}) for n in range(saved.MAX_ALERTS)])
    response = client.post("/alertes/nouvelle/?q=emploi", {"frequency": "weekly", "types": ["experience"]})
    assert response.status_code == 400 and "supprimez-en une" in response.content.decode()
    assert Alert.objects.count() == saved.MAX_ALERTS
