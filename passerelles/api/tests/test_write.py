"""Writing experience sheets through the API: drafts of the token's centre, validated by the pages'
form, moved by the pages' workflow with the same permission check — the page matrix replayed over
the API — and never anything written when refused."""

import pytest
from django.test import Client

from passerelles.experiences.enums import Status
from passerelles.experiences.models import ExperienceSheet
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.thesaurus.models import Concept

from .write_helpers import OTHER, OWN, SHEET, bearer, call, member, messages_of, token_for

pytestmark = pytest.mark.django_db


def stored():
    rows = ExperienceSheet.objects.values_list("pk", "title", "status", "centre__slug", "updated_at")
    return sorted(rows), sorted(ExperienceSheet.objects.values_list("pk", "revisions__number"))


def sheet_of(centre, status=Status.DRAFT):
    from passerelles.centres.models import Centre

    return ExperienceSheetFactory(centre=Centre.objects.get(slug=centre), status=status)


def test_a_sheet_created_through_the_api_is_a_draft_of_the_tokens_centre(client):
    membership = member("editor")
    secret = token_for(membership)
    response = call(client, "POST", "/espace/fiches", secret, {**SHEET, "centre": OWN})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["centre"], body["transitions"]) == ("draft", OWN, ["submit"])
    sheet = ExperienceSheet.objects.get(slug=body["slug"])
    assert sheet.created_by == membership.user and sheet.centre.slug == OWN
    assert [line.funder for line in sheet.budget_lines.order_by("pk")] == ["État", "Ville de Brest"]
    assert body["territories"] == ["commune:29019"]
    assert sheet.revisions.get().comment == "fiche créée"  # the pages' own save: a revision


def test_a_draft_is_not_public_until_published(client):
    editor, reviewer = member("editor"), member("reviewer")
    writing, reviewing = token_for(editor), token_for(reviewer)
    slug = call(client, "POST", "/espace/fiches", writing, SHEET).json()["slug"]
    assert client.get(f"/experiences/{slug}/").status_code == 404
    assert call(client, "GET", f"/fiches/{slug}").status_code == 404
    assert SHEET["title"] not in client.get("/experiences/").content.decode()
    listed = call(client, "GET", "/fiches")
    assert listed.status_code == 200 and slug not in listed.content.decode()

    assert (
        call(client, "POST", f"/espace/fiches/{slug}/transitions", writing, {"transition": "submit"}).status_code == 200
    )
    assert client.get(f"/experiences/{slug}/").status_code == 404
    published = call(client, "POST", f"/espace/fiches/{slug}/transitions", reviewing, {"transition": "publish"})
    assert published.status_code == 200
    assert published.json()["message"] == "Fiche publiée."
    assert published.json()["status"] == "published"
    assert client.get(f"/experiences/{slug}/").status_code == 200
    assert call(client, "GET", f"/fiches/{slug}").json()["title"] == SHEET["title"]


def test_a_patch_changes_the_given_fields_only_and_replaces_the_given_parts(client):
    secret = token_for(member("editor"))
    slug = call(client, "POST", "/espace/fiches", secret, SHEET).json()["slug"]
    response = call(
        client, "PATCH", f"/espace/fiches/{slug}", secret, {"title": "Nouveau titre", "partners": [{"name": "CAF"}]}
    )
    assert response.status_code == 200, response.content
    sheet = ExperienceSheet.objects.get(slug=slug)
    assert (sheet.title, sheet.summary) == ("Nouveau titre", SHEET["summary"])
    assert [p.name for p in sheet.partners.all()] == ["CAF"]
    assert sheet.budget_lines.count() == 2 and sheet.team.count() == 1  # not given: kept
    assert list(sheet.territories.values_list("code", flat=True)) == ["29019"]
    call(client, "PATCH", f"/espace/fiches/{slug}", secret, {"budget_lines": []})
    assert sheet.budget_lines.count() == 0
    theme = Concept.objects.themes().first()
    tagged = call(client, "PATCH", f"/espace/fiches/{slug}", secret, {"themes": [theme.notation]})
    assert tagged.json()["themes"] == [theme.notation]
    untagged = call(client, "PATCH", f"/espace/fiches/{slug}", secret, {"themes": None, "end_date": None})
    assert untagged.status_code == 200 and untagged.json()["themes"] == []
    assert sheet.revisions.count() == 5


def test_bad_input_is_a_422_in_french_per_field_and_changes_nothing(client):
    secret = token_for(member("editor"))
    before = stored()
    bad = {
        "title": "Sans résumé",
        "start_date": "2024-05-01",
        "end_date": "2024-01-01",
        "themes": ["theme-inconnu"],
        "territories": ["Nulle-Part-sur-Rien (00)"],
        "contact_person": "Camille Martin",
        "budget_amount": "1000",
        "budget_lines": [{"funder": "État", "amount": "5000"}],
    }
    response = call(client, "POST", "/espace/fiches", secret, bad)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    said = messages_of(response)
    assert said["summary"] == ["Ce champ est obligatoire."]
    assert said["end_date"] == ["La fin doit suivre le début."]
    assert said["themes"] == ["Concept inconnu dans ce vocabulaire : « theme-inconnu »."]
    assert "territoire introuvable" in said["territories"][0]
    assert "avec son accord" in said["contact_person_consent"][0]
    assert "dépasse le budget" in said["budget_lines"][0]
    assert stored() == before

    wrong_type = call(client, "POST", "/espace/fiches", secret, {**SHEET, "start_date": "hier"})
    assert wrong_type.status_code == 422
    assert "AAAA-MM-JJ" in wrong_type.json()["errors"][0]["msg"]

    slug = call(client, "POST", "/espace/fiches", secret, SHEET).json()["slug"]
    before = stored()
    response = call(client, "PATCH", f"/espace/fiches/{slug}", secret, {"title": "", "summary": "Changé"})
    assert response.status_code == 422
    assert messages_of(response) == {"title": ["Ce champ est obligatoire."]}
    assert stored() == before


def test_staff_of_one_centre_never_write_anothers_content(client):
    secret = token_for(member("centre_admin", OWN))
    theirs = sheet_of(OTHER)
    submitted = sheet_of(OTHER, Status.SUBMITTED)
    before = stored()
    created = call(client, "POST", "/espace/fiches", secret, {**SHEET, "centre": OTHER})
    assert created.status_code == 403
    assert "n'agit que pour le centre" in created.json()["detail"]
    # Their drafts and submitted sheets: as if they did not exist (a refusal would tell they are there).
    assert call(client, "PATCH", f"/espace/fiches/{theirs.slug}", secret, {"title": "Pris"}).status_code == 404
    moved = call(client, "POST", f"/espace/fiches/{submitted.slug}/transitions", secret, {"transition": "publish"})
    assert moved.status_code == 404
    assert call(client, "GET", f"/espace/fiches/{theirs.slug}", secret).status_code == 404
    published = sheet_of(OTHER, Status.PUBLISHED)  # public: refused, its existence is no secret
    before = stored()
    assert call(client, "PATCH", f"/espace/fiches/{published.slug}", secret, {"title": "Pris"}).status_code == 403
    assert call(client, "GET", f"/espace/fiches/{published.slug}", secret).status_code == 403
    assert stored() == before


def test_a_token_acts_with_its_role_in_its_centre_only(client):
    """Administrator here, editor there: a token for « editor there » cannot publish there, nor
    write here."""
    admin_here = member("centre_admin", OWN)
    editor_there = member("editor", OTHER, user=admin_here.user)
    secret = token_for(editor_there)
    submitted_there, draft_here = sheet_of(OTHER, Status.SUBMITTED), sheet_of(OWN)
    before = stored()
    publish = call(
        client, "POST", f"/espace/fiches/{submitted_there.slug}/transitions", secret, {"transition": "publish"}
    )
    assert publish.status_code == 403
    assert call(client, "PATCH", f"/espace/fiches/{draft_here.slug}", secret, {"title": "Pris"}).status_code == 404
    assert stored() == before
    # The same person on the pages, with every role: allowed (the token narrows, the person does not change).
    client.force_login(admin_here.user)
    assert client.post(f"/experiences/espace/{draft_here.slug}/submit/").status_code == 302


# The page matrix (experiences/tests/test_workflow.py) for the roles a token can carry: allowed on
# their own centre's sheet, in the state the step needs.
MATRIX = {
    #               create edit  submit publish archive
    "editor": (True, True, True, False, False),
    "reviewer": (True, True, True, True, True),
    "centre_admin": (True, True, True, True, True),
}
ACTIONS = ["create", "edit", "submit", "publish", "archive"]
START = {"publish": Status.SUBMITTED, "archive": Status.PUBLISHED}


def attempt(client, secret, action, sheet):
    if action == "create":
        return call(client, "POST", "/espace/fiches", secret, {**SHEET, "centre": sheet.centre.slug})
    if action == "edit":
        return call(client, "PATCH", f"/espace/fiches/{sheet.slug}", secret, {"title": "Modifiée par la matrice"})
    return call(client, "POST", f"/espace/fiches/{sheet.slug}/transitions", secret, {"transition": action})


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_the_page_permission_matrix_over_the_api(client, role, action):
    secret = token_for(member(role))
    for centre in (OWN, OTHER):
        sheet = sheet_of(centre, START.get(action, Status.DRAFT))
        allowed = MATRIX[role][ACTIONS.index(action)] and centre == OWN
        before = stored()
        response = attempt(client, secret, action, sheet)
        if allowed:
            assert response.status_code in (200, 201), (role, action, centre, response.content)
            assert stored() != before
        else:  # another centre's unpublished sheet: as if it did not exist
            hidden = centre == OTHER and action != "create" and sheet.status != Status.PUBLISHED
            assert response.status_code == (404 if hidden else 403), (role, action, centre, response.status_code)
            assert response.json()["title"] == ("Ressource introuvable" if hidden else "Accès refusé")
            assert stored() == before


def test_an_editor_cannot_change_a_submitted_sheet_as_on_the_pages(client):
    secret = token_for(member("editor"))
    sheet = sheet_of(OWN, Status.SUBMITTED)
    assert call(client, "PATCH", f"/espace/fiches/{sheet.slug}", secret, {"title": "Après coup"}).status_code == 403


def test_the_workflow_refuses_what_the_state_forbids(client):
    secret = token_for(member("reviewer"))
    draft, submitted = sheet_of(OWN), sheet_of(OWN, Status.SUBMITTED)
    too_early = call(client, "POST", f"/espace/fiches/{draft.slug}/transitions", secret, {"transition": "publish"})
    assert too_early.status_code == 409
    assert too_early.json()["detail"] == "Impossible de « publier » : l'état actuel est « brouillon »."
    silent = call(client, "POST", f"/espace/fiches/{submitted.slug}/transitions", secret, {"transition": "return"})
    assert silent.status_code == 422
    assert "le commentaire est obligatoire" in messages_of(silent)["comment"][0]
    unknown = call(client, "POST", f"/espace/fiches/{submitted.slug}/transitions", secret, {"transition": "fly"})
    assert unknown.status_code == 422
    assert ExperienceSheet.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    returned = call(
        client,
        "POST",
        f"/espace/fiches/{submitted.slug}/transitions",
        secret,
        {"transition": "return", "comment": "Précisez le budget."},
    )
    assert returned.json()["status"] == "draft"
    assert returned.json()["review_comment"] == "Précisez le budget."


def test_an_unknown_sheet_is_a_404(client):
    secret = token_for(member("editor"))
    assert call(client, "PATCH", "/espace/fiches/inconnue", secret, {"title": "x"}).status_code == 404


def test_a_signed_in_session_is_no_token_and_a_token_needs_no_csrf(client):
    """The API takes no session cookie for writes (so no cross-site forgery through a browser);
    a token, sent by a tool, needs no CSRF token."""
    membership = member("editor")
    client.force_login(membership.user)
    before = stored()
    assert call(client, "POST", "/espace/fiches", None, SHEET).status_code == 401
    assert stored() == before
    strict = Client(enforce_csrf_checks=True)
    assert call(strict, "POST", "/espace/fiches", token_for(membership), SHEET).status_code == 201


def test_the_centres_sheets_are_listed_drafts_included_for_its_token_only(client):
    secret = token_for(member("editor"))
    draft, submitted, theirs = sheet_of(OWN), sheet_of(OWN, Status.SUBMITTED), sheet_of(OTHER)
    listed = call(client, "GET", "/espace/fiches", secret)
    assert listed.status_code == 200
    slugs = [row["slug"] for row in listed.json()["results"]]
    assert draft.slug in slugs and submitted.slug in slugs and theirs.slug not in slugs
    only = call(client, "GET", "/espace/fiches?status=submitted", secret).json()["results"]
    assert [row["slug"] for row in only] == [submitted.slug]
    assert only[0]["status_label"] == "soumise à relecture"
    assert call(client, "GET", "/espace/fiches?status=perdue", secret).status_code == 422
    assert call(client, "GET", "/espace/fiches").status_code == 401


def test_badly_typed_json_is_refused_in_french_with_the_fields_named(client):
    secret = token_for(member("editor"))
    before = stored()
    body = {**SHEET, "budget_amount": "beaucoup", "budget_year": 1.5, "partners": [{"name": "x"}] * 31}
    response = call(client, "POST", "/espace/fiches", secret, body)
    assert response.status_code == 422
    assert messages_of(response) == {
        "budget_amount": ["Doit être un nombre décimal, par exemple « 1500.50 »."],
        "budget_year": ["Doit être un nombre entier."],
        "partners": ["Trop d'éléments."],
    }
    assert stored() == before


def test_a_body_that_is_not_a_json_object_is_refused_in_french(client):
    sheet, secret = sheet_of(OWN), token_for(member("editor"))
    before = stored()
    for method, path in (("post", "/api/v1/espace/fiches"), ("patch", f"/api/v1/espace/fiches/{sheet.slug}")):
        for body in ("null", "[]", "1", '"titre"', "[" * 500 + "]" * 500, "{", "\u00ff"):
            response = getattr(client, method)(path, data=body, content_type="application/json", **bearer(secret))
            assert response.status_code == 400, (method, body)
            assert response.json()["detail"].startswith("Le corps de la requête doit être un objet JSON valide")
    assert stored() == before


def test_a_body_over_the_size_limit_is_a_413_in_french(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    sheet = sheet_of(OWN)
    before = stored()
    body = {"title": "a" * (1024 * 1024 + 1)}
    response = call(client, "PATCH", f"/espace/fiches/{sheet.slug}", token_for(member("editor")), body)
    assert response.status_code == 413
    assert response.json()["detail"] == "Le corps de la requête dépasse 1,0 Mo."
    assert stored() == before


def test_characters_no_form_keeps_never_reach_the_database(client):
    """NUL bytes and lone surrogates (which PostgreSQL refuses) are removed at the boundary, as the
    forms do: an identifier holding one is unknown, a text is stored without it."""
    secret = token_for(member("reviewer"))
    refused = call(client, "POST", "/espace/fiches", secret, {**SHEET, "themes": ["educ\x00ation", "\ud800"]})
    assert refused.status_code == 201, refused.content  # « education » once cleaned; the empty one dropped
    assert refused.json()["themes"] == ["education"]
    created = call(client, "POST", "/espace/fiches", secret, {**SHEET, "title": "Ateliers\x00 \ud800du soir"})
    slug = created.json()["slug"]
    assert ExperienceSheet.objects.get(slug=slug).title == "Ateliers du soir"
    call(client, "POST", f"/espace/fiches/{slug}/transitions", secret, {"transition": "submit"})
    returned = call(
        client,
        "POST",
        f"/espace/fiches/{slug}/transitions",
        secret,
        {"transition": "return", "comment": "À\x00 revoir"},
    )
    assert returned.status_code == 200
    assert ExperienceSheet.objects.get(slug=slug).review_comment == "À revoir"
