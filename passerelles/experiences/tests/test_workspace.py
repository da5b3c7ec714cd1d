"""The staff's pages: every write is checked on the server and a refusal changes nothing."""

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import UserFactory
from passerelles.centres.models import Centre
from passerelles.testing.sheets import member, sheet_data

from ..enums import Status
from ..models import ExperienceSheet
from .factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db


def test_an_editor_writes_a_sheet_in_the_site(client):
    client.force_login(member(Role.EDITOR))
    assert client.get("/experiences/espace/nouvelle/").status_code == 200
    response = client.post("/experiences/espace/nouvelle/", sheet_data(territory_lines="Brest (29)\nepci:242900314"))
    assert response.status_code == 302, response.content.decode()[:3000]
    sheet = ExperienceSheet.objects.get(title="Ateliers parents de Bellevue")
    assert sheet.status == Status.DRAFT and sheet.centre.slug == "reso-villes"
    assert sorted(t.key for t in sheet.territories.all()) == ["commune:29019", "epci:242900314"]
    assert [line.funder for line in sheet.budget_lines.order_by("pk")] == ["État", "Ville de Brest"]
    assert sheet.revisions.count() == 1


def test_bad_input_is_explained_in_french_and_nothing_is_saved(client):
    client.force_login(member(Role.EDITOR))
    response = client.post(
        "/experiences/espace/nouvelle/",
        sheet_data(territory_lines="Saint-Denis\nNulle-Part-sur-Mer", end_date="2020-01-01", start_date="2021-01-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La fiche n'est pas enregistrée" in page
    assert "territoire introuvable ou ambigu" in page
    assert "La fin doit suivre le début." in page
    assert not ExperienceSheet.objects.filter(title="Ateliers parents de Bellevue").exists()


def test_nobody_outside_the_centre_writes_in_it(client):
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"), title="Avant")
    client.force_login(UserFactory())
    assert client.post("/experiences/espace/nouvelle/", sheet_data()).status_code == 403
    client.force_login(member(Role.CENTRE_ADMIN, "pb"))
    refused = client.post("/experiences/espace/nouvelle/", sheet_data())  # a sheet for Réso Villes
    assert refused.status_code == 200 and "Sélectionnez un choix valide" in refused.content.decode()
    for user in (UserFactory(), member(Role.CENTRE_ADMIN, "pb")):
        client.force_login(user)
        assert client.post(f"/experiences/espace/{sheet.slug}/modifier/", sheet_data(title="Après")).status_code == 403
        assert client.post(f"/experiences/espace/{sheet.slug}/submit/").status_code == 403
        assert client.post(f"/experiences/espace/{sheet.slug}/supprimer/").status_code == 403
    sheet.refresh_from_db()
    assert sheet.title == "Avant" and sheet.status == Status.DRAFT
    assert not ExperienceSheet.objects.filter(title="Ateliers parents de Bellevue").exists()
    client.logout()
    assert client.post(f"/experiences/espace/{sheet.slug}/submit/").status_code == 302  # to the sign-in page
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT


def test_submit_return_publish_through_the_pages(client):
    editor, reviewer = member(Role.EDITOR), member(Role.REVIEWER)
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"))
    client.force_login(editor)
    client.post(f"/experiences/espace/{sheet.slug}/submit/")
    assert client.post(f"/experiences/espace/{sheet.slug}/publish/").status_code == 403
    client.force_login(reviewer)
    page = client.post(f"/experiences/espace/{sheet.slug}/return/", {"comment": ""}, follow=True).content.decode()
    assert "le commentaire est obligatoire" in page
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    client.post(f"/experiences/espace/{sheet.slug}/return/", {"comment": "Ajoutez les partenaires."})
    client.force_login(editor)
    assert "Ajoutez les partenaires." in client.get(f"/experiences/espace/{sheet.slug}/").content.decode()
    client.post(f"/experiences/espace/{sheet.slug}/submit/")
    client.force_login(reviewer)
    client.post(f"/experiences/espace/{sheet.slug}/publish/")
    sheet.refresh_from_db()
    assert sheet.status == Status.PUBLISHED
    assert client.post(f"/experiences/espace/{sheet.slug}/inconnue/").status_code == 404
    diff = client.get(f"/experiences/espace/{sheet.slug}/revisions/", {"de": 1, "a": 2}).content.decode()
    assert "Changements entre les révisions n° 1 et n° 2" in diff


def test_a_reviewer_sees_what_changed(client):
    client.force_login(member(Role.REVIEWER))
    client.post("/experiences/espace/nouvelle/", sheet_data())
    sheet = ExperienceSheet.objects.get(title="Ateliers parents de Bellevue")
    client.post(f"/experiences/espace/{sheet.slug}/modifier/", sheet_data(summary="Un résumé réécrit."))
    page = client.get(f"/experiences/espace/{sheet.slug}/revisions/", {"de": 1, "a": 2}).content.decode()
    assert "<del>Des ateliers pour les parents du quartier.</del>" in page
    assert "<ins>Un résumé réécrit.</ins>" in page


def test_the_workspace_lists_only_my_centres_sheets(client):
    mine = ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"), title="La mienne")
    ExperienceSheetFactory(centre=Centre.objects.get(slug="pb"), title="Celle des autres")
    client.force_login(member(Role.EDITOR))
    page = client.get("/experiences/espace/").content.decode()
    assert mine.title in page and "Celle des autres" not in page


def test_old_published_sheets_are_flagged_to_their_centre(client):
    from datetime import date

    ExperienceSheetFactory(
        centre=Centre.objects.get(slug="reso-villes"), status=Status.PUBLISHED, last_reviewed_on=date(2020, 1, 1)
    )
    client.force_login(member(Role.EDITOR))
    page = client.get("/experiences/espace/").content.decode()
    assert "1 fiche publiée n'a pas été relue depuis plus de 18 mois" in page
    assert "à relire" in page


def test_more_bad_input_is_refused_in_french(client):
    client.force_login(member(Role.EDITOR))
    negative = client.post("/experiences/espace/nouvelle/", sheet_data(budget_amount="-5")).content.decode()
    assert "supérieure ou égale à 0" in negative
    too_much = client.post("/experiences/espace/nouvelle/", sheet_data(budget_amount="50000")).content.decode()
    assert "dépasse le budget global" in too_much
    unconsented = client.post(
        "/experiences/espace/nouvelle/", sheet_data(contact_person="Une Personne")
    ).content.decode()
    assert "avec son accord : cochez la case" in unconsented
    assert not ExperienceSheet.objects.filter(title="Ateliers parents de Bellevue").exists()


def test_a_title_never_takes_an_address_of_the_site(client):
    client.force_login(member(Role.EDITOR))
    client.post("/experiences/espace/nouvelle/", sheet_data(title="Nouvelle"))
    assert ExperienceSheet.objects.get(title="Nouvelle").slug == "nouvelle-fiche"


def test_a_too_long_return_comment_is_explained(client):
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"), status=Status.SUBMITTED)
    client.force_login(member(Role.REVIEWER))
    page = client.post(f"/experiences/espace/{sheet.slug}/return/", {"comment": "x" * 2001}, follow=True)
    assert "au plus 2000 caractères" in page.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED


def test_the_admin_shows_staff_their_centres_sheets_only(client):
    ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"), title="Brouillon de Réso")
    staff = member(Role.CENTRE_ADMIN, "pb")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    page = client.get("/admin/experiences/experiencesheet/").content.decode()
    assert "Brouillon de Réso" not in page
