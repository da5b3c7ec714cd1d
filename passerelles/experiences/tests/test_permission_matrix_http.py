"""The permission matrix again, through the site's own URLs: every forbidden POST is refused by
the server and changes nothing in the database."""

import pytest

from passerelles.centres.models import Centre
from passerelles.testing.sheets import sheet_data

from ..models import ExperienceSheet
from .test_workflow import ACTIONS, MATRIX, OTHER, OWN, person, sheet_in_state

pytestmark = pytest.mark.django_db


def database_state():
    return sorted(ExperienceSheet.objects.values_list("pk", "title", "status", "centre_id"))


def post(client, action, sheet):
    if action == "create":
        data = sheet_data(centre=sheet.centre.pk, title="Créée par la matrice")
        return client.post("/experiences/espace/nouvelle/", data)
    if action == "edit":
        data = sheet_data(centre=sheet.centre.pk, title="Modifiée par la matrice")
        return client.post(f"/experiences/espace/{sheet.slug}/modifier/", data)
    if action == "delete":
        return client.post(f"/experiences/espace/{sheet.slug}/supprimer/")
    return client.post(f"/experiences/espace/{sheet.slug}/{action}/")


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix_over_http(client, kind, action):
    user = person(kind)
    client.force_login(user)
    for centre_slug in (OWN, OTHER):
        sheet = sheet_in_state(centre_slug, action)
        allowed = MATRIX[kind][ACTIONS.index(action)] and (centre_slug == OWN or kind == "animator")
        before = database_state()
        response = post(client, action, sheet)
        if allowed:
            assert response.status_code == 302, (kind, action, centre_slug, response.status_code)
            assert database_state() != before
        else:
            # Refused: 403, or the form refuses a centre that is not the person's (nothing saved).
            assert response.status_code in (403, 200), (kind, action, centre_slug, response.status_code)
            assert database_state() == before, (kind, action, centre_slug)
    assert Centre.objects.filter(slug=OWN).exists()
