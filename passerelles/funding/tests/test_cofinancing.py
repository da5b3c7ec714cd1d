"""Co-financing: a centre's admins enter their centre's funding, the national animation locks it;
nobody else sees or changes it, bad figures change nothing."""

import csv
import html
import io

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre

from ..enums import Funder
from ..models import FundingYear
from ..services import cofinancing

pytestmark = pytest.mark.django_db
URL = "/reseau/financements/pb/2025/"
AMOUNTS = {"state_anct": "120000", "region": "60000", "commune": "20000", "state_other": "", "caf": "0"}


def centre(slug="pb"):
    return Centre.objects.get(slug=slug)


def member(role, slug="pb"):
    return MembershipFactory(centre=centre(slug), role=role).user


def text(response):
    return html.unescape(response.content.decode())


def test_a_centre_admin_enters_the_year_and_sees_the_state_share(client):
    client.force_login(member(Role.CENTRE_ADMIN))
    assert client.get("/reseau/financements/").status_code == 200
    response = client.post(URL, AMOUNTS)
    assert response["Location"] == URL
    funding_year = FundingYear.objects.get(centre=centre(), year=2025)
    assert funding_year.amounts() == {Funder.STATE_ANCT: 120_000, Funder.REGION: 60_000, Funder.COMMUNE: 20_000}
    assert (funding_year.total(), funding_year.state_amount()) == (200_000, 120_000)
    page = text(client.get("/reseau/financements/"))
    assert "60.0 %" in page or "60,0 %" in page
    client.post(URL, {**AMOUNTS, "region": ""})  # entered again: replaced, not added
    assert funding_year.amounts() == {Funder.STATE_ANCT: 120_000, Funder.COMMUNE: 20_000}


@pytest.mark.parametrize(
    ("amounts", "message"),
    [({"region": "-5"}, "supérieure ou égale à 0"), ({"region": "beaucoup"}, "Saisissez un nombre entier")],
    ids=["negative", "not-a-number"],
)
def test_bad_figures_are_refused_in_french_and_change_nothing(client, amounts, message):
    client.force_login(member(Role.CENTRE_ADMIN))
    client.post(URL, AMOUNTS)
    response = client.post(URL, {**AMOUNTS, **amounts})
    assert response.status_code == 200 and message in text(response)
    assert "<title>Erreur" in text(response).replace("\n", "").replace("  ", "")
    assert FundingYear.objects.get().amounts()[Funder.REGION] == 60_000


@pytest.mark.parametrize("junk", [{"a": "b"}, {"csrfmiddlewaretoken": "x", "autre": "\x00"}])
def test_a_post_with_none_of_the_amounts_clears_nothing(client, junk):
    client.force_login(member(Role.CENTRE_ADMIN))
    client.post(URL, AMOUNTS)
    response = client.post(URL, junk)
    assert response.status_code == 200
    assert "Le formulaire envoyé ne contient aucun de ses champs" in text(response)
    assert FundingYear.objects.get().amounts()[Funder.REGION] == 60_000
    assert client.post("/reseau/financements/pb/2026/", junk).status_code == 200
    assert not FundingYear.objects.filter(year=2026).exists()


def test_a_year_out_of_range_is_not_found(client):
    client.force_login(member(Role.CENTRE_ADMIN))
    assert client.get("/reseau/financements/pb/1999/").status_code == 404
    assert client.post("/reseau/financements/pb/2999/", AMOUNTS).status_code == 404
    with pytest.raises(cofinancing.FundingRefused):
        cofinancing.save_amounts(centre(), 1850, {"region": 1}, None)
    assert not FundingYear.objects.exists()


def test_only_the_centre_s_admins_and_the_national_animation_see_or_enter_it(client):
    assert client.get(URL)["Location"].startswith("/comptes/")
    for person in (member(Role.EDITOR), member(Role.REVIEWER), member(Role.CENTRE_ADMIN, "reso-villes"), UserFactory()):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, AMOUNTS).status_code == 403
    assert not FundingYear.objects.exists()
    client.force_login(member(Role.CENTRE_ADMIN, "reso-villes"))
    listed = text(client.get("/reseau/financements/"))
    assert "reso-villes" in listed and "/reseau/financements/pb/" not in listed


def test_the_national_animation_locks_and_then_nobody_changes_the_year(client):
    admin, animator = member(Role.CENTRE_ADMIN), UserFactory(is_national_animator=True)
    client.force_login(admin)
    client.post(URL, AMOUNTS)
    assert client.post(f"{URL}verrou/", {"locked": "1"}).status_code == 403  # not the centre's to lock
    client.force_login(animator)
    assert client.post(f"{URL}verrou/", {"locked": "1"})["Location"] == URL
    assert FundingYear.objects.get().locked_by == animator
    client.force_login(admin)
    response = client.post(URL, {**AMOUNTS, "region": "99999"}, follow=True)
    assert "verrouillé par l'animation nationale" in text(response)
    assert FundingYear.objects.get().amounts()[Funder.REGION] == 60_000
    client.force_login(animator)
    client.post(f"{URL}verrou/", {"locked": "0"})
    assert not FundingYear.objects.get().is_locked


def test_the_account_page_leads_each_one_to_the_funding_pages_they_may_use(client):
    client.force_login(UserFactory(is_national_animator=True))
    page = text(client.get("/comptes/mon-compte/"))
    assert all(
        url in page for url in ("/reseau/financements/", "/reseau/repartition/", "/reseau/repartition/scenarios/")
    )
    client.force_login(member(Role.CENTRE_ADMIN))
    page = text(client.get("/comptes/mon-compte/"))
    assert "/reseau/financements/" in page and "/reseau/repartition/" not in page
    client.force_login(member(Role.EDITOR))
    assert "/reseau/financements/" not in text(client.get("/comptes/mon-compte/"))


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_years_entered_as_csv_each_one_their_own_centres(client):
    pb, reso = centre(), centre("reso-villes")
    cofinancing.save_amounts(pb, 2025, {Funder.STATE_ANCT: 120_000, Funder.REGION: 80_000}, None)
    cofinancing.save_amounts(reso, 2024, {Funder.REGION: 10_000}, None)
    csv_url = "/reseau/financements/?tableau=financements-saisis"
    assert client.get(csv_url)["Location"].startswith("/comptes/")
    client.force_login(member(Role.EDITOR))
    assert client.get(csv_url).status_code == 403

    client.force_login(member(Role.CENTRE_ADMIN))
    assert "?tableau=financements-saisis" in text(client.get("/reseau/financements/"))
    rows = csv_rows(client.get(csv_url))
    assert rows[0] == ["Centre", "Année", "Total (€)", "État (€)", "Part de l'État (%)", "État de la saisie"]
    assert rows[1:] == [[pb.display_name, "2025", "200000", "120000", "60.0", "en saisie"]]

    client.force_login(UserFactory(is_national_animator=True))
    rows = csv_rows(client.get(csv_url))
    assert {row[0] for row in rows[1:]} == {pb.display_name, reso.display_name}
    assert [reso.display_name, "2024", "10000", "0", "0.0", "en saisie"] in rows
