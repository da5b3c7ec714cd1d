"""Writing publications and sessions through the API: the pages' forms and services, the token's
centre and role; sessions carry no personal data in or out."""

import datetime

import pytest
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.events.models import Session
from passerelles.events.tests.factories import RegistrationFactory, SessionFactory
from passerelles.publications.models import Publication
from passerelles.publications.tests.factories import SeriesFactory

from .write_helpers import OTHER, OWN, call, member, messages_of, token_for

pytestmark = pytest.mark.django_db

PUBLICATION = {
    "title": "Les Cahiers du DSU n° 80",
    "kind": "study",
    "publication_date": "2026-10-01",
    "abstract": "Un numéro sur l'emploi des jeunes.",
    "territories": ["departement:69"],
    "contributors": [{"name": "Marie Curie", "kind": "person", "role": "author", "is_researcher": True}],
}


def starts(days, hour):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


SESSION = {
    "title": "Rénovation urbaine : le relogement",
    "description": "Une journée d'échanges entre chefs de projet.",
    "kind": "day",
    "format": "in_person",
    "venue": "Salle des fêtes",
    "commune": "Saint-Denis (93)",
    "half_days": 2,
    "functions": ["chef-de-projet"],
    "territories": ["departement:93"],
    "capacity": 40,
}


def session_body():
    return {**SESSION, "starts_at": starts(30, 9), "ends_at": starts(30, 17)}


def publications_stored():
    return sorted(Publication.objects.values_list("pk", "title", "status", "updated_at"))


def sessions_stored():
    return sorted(Session.objects.values_list("pk", "title", "is_published", "capacity", "updated_at"))


def test_a_publication_is_written_as_a_draft_and_published_by_a_reviewer(client):
    writing, reviewing = token_for(member("editor")), token_for(member("reviewer"))
    series = SeriesFactory(centre=Centre.objects.get(slug=OWN))
    created = call(
        client, "POST", "/espace/publications", writing, {**PUBLICATION, "series": series.slug, "issue_number": "80"}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["series"], body["kind"]) == ("draft", series.slug, series.kind)
    publication = Publication.objects.get(slug=body["slug"])
    assert [c.name for c in publication.contributors.all()] == ["Marie Curie"]
    assert client.get(publication.get_absolute_url()).status_code == 404
    assert call(client, "GET", f"/publications/{body['slug']}").status_code == 404
    slug = body["slug"]
    assert (
        call(client, "POST", f"/espace/publications/{slug}/transitions", writing, {"transition": "submit"}).status_code
        == 200
    )
    refused = call(client, "POST", f"/espace/publications/{slug}/transitions", writing, {"transition": "publish"})
    assert refused.status_code == 403
    published = call(client, "POST", f"/espace/publications/{slug}/transitions", reviewing, {"transition": "publish"})
    assert published.json()["status"] == "published"
    assert client.get(publication.get_absolute_url()).status_code == 200
    assert call(client, "GET", f"/publications/{slug}").status_code == 200


def test_a_bad_publication_is_refused_in_french_and_nothing_is_stored(client):
    secret = token_for(member("editor"))
    theirs = SeriesFactory(centre=Centre.objects.get(slug=OTHER))
    before = publications_stored()
    response = call(
        client,
        "POST",
        "/espace/publications",
        secret,
        {"title": "Sans date", "series": theirs.slug, "on_paper": True, "related_sheets": ["fiche-inconnue"]},
    )
    assert response.status_code == 422
    said = messages_of(response)
    assert said["publication_date"] == ["Ce champ est obligatoire."]
    assert said["abstract"] == ["Ce champ est obligatoire."]
    assert "Sélectionnez un choix valide" in said["series"][0]  # a series of another centre
    assert "aucune fiche expérience publiée" in said["related_sheets"][0]
    assert publications_stored() == before


def test_a_publication_of_another_centre_is_out_of_reach(client):
    secret = token_for(member("reviewer", OWN))
    mine = call(client, "POST", "/espace/publications", token_for(member("editor", OTHER)), PUBLICATION).json()["slug"]
    before = publications_stored()
    # Another centre's draft: as if it did not exist (a refusal would tell it is there).
    assert call(client, "PATCH", f"/espace/publications/{mine}", secret, {"title": "Pris"}).status_code == 404
    assert (
        call(client, "POST", f"/espace/publications/{mine}/transitions", secret, {"transition": "submit"}).status_code
        == 404
    )
    assert call(client, "POST", "/espace/publications", secret, {**PUBLICATION, "centre": OTHER}).status_code == 403
    assert publications_stored() == before


def test_a_session_is_created_unpublished_by_its_centres_administrator(client):
    secret = token_for(member("centre_admin", OWN))
    created = call(client, "POST", "/espace/sessions", secret, {**session_body(), "co_organisers": [OTHER]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["transitions"], body["commune"]) == ("draft", ["publish"], "commune:93066")
    session = Session.objects.get(slug=body["slug"])
    assert not session.is_published and session.centre.slug == OWN
    assert [c.slug for c in session.co_organisers.all()] == [OTHER]
    assert client.get(session.get_absolute_url()).status_code == 404
    assert call(client, "GET", f"/agenda/sessions/{session.slug}").status_code == 404
    published = call(client, "POST", f"/espace/sessions/{session.slug}/transitions", secret, {"transition": "publish"})
    assert published.status_code == 200, published.content
    assert published.json()["message"] == "Session publiée dans l'agenda."
    assert client.get(session.get_absolute_url()).status_code == 200
    assert call(client, "GET", f"/agenda/sessions/{session.slug}").status_code == 200
    again = call(client, "POST", f"/espace/sessions/{session.slug}/transitions", secret, {"transition": "publish"})
    assert again.status_code == 409


def test_sessions_are_for_administrators_as_on_the_pages(client):
    before = sessions_stored()
    for role in ("editor", "reviewer"):
        secret = token_for(member(role, OWN))
        assert call(client, "POST", "/espace/sessions", secret, session_body()).status_code == 403
    theirs = SessionFactory(centre=Centre.objects.get(slug=OTHER), is_published=False)
    before = sessions_stored()
    admin_here = token_for(member("centre_admin", OWN))
    assert call(client, "PATCH", f"/espace/sessions/{theirs.slug}", admin_here, {"title": "Pris"}).status_code == 404
    assert (
        call(
            client, "POST", f"/espace/sessions/{theirs.slug}/transitions", admin_here, {"transition": "publish"}
        ).status_code
        == 404
    )
    shown = SessionFactory(centre=Centre.objects.get(slug=OTHER))  # public: refused, its existence is no secret
    before = sessions_stored()
    assert call(client, "PATCH", f"/espace/sessions/{shown.slug}", admin_here, {"title": "Pris"}).status_code == 403
    assert call(client, "POST", "/espace/sessions", admin_here, {**session_body(), "centre": OTHER}).status_code == 403
    assert sessions_stored() == before


def test_a_bad_session_is_refused_in_french_and_nothing_is_stored(client):
    secret = token_for(member("centre_admin", OWN))
    before = sessions_stored()
    body = {**session_body(), "ends_at": starts(29, 9), "status": "cancelled", "functions": ["inconnue"]}
    response = call(client, "POST", "/espace/sessions", secret, body)
    assert response.status_code == 422
    said = messages_of(response)
    assert "Sélectionnez un choix valide" in said["status"][0]  # cancelling has its own page
    assert said["functions"] == ["Concept inconnu dans ce vocabulaire : « inconnue »."]
    assert sessions_stored() == before


@pytest.mark.parametrize("moment", ["0001-01-01T00:30:00+00:00", "9999-12-31T23:30:00+00:00", "1899-12-31T09:00"])
def test_a_date_out_of_the_years_a_session_may_take_is_refused_in_french(client, moment):
    secret = token_for(member("centre_admin", OWN))
    before = sessions_stored()
    response = call(client, "POST", "/espace/sessions", secret, {**session_body(), "starts_at": moment})
    assert response.status_code == 422
    assert messages_of(response)["starts_at"] == ["Choisissez une date entre 1900 et 2100."]
    assert sessions_stored() == before


def test_a_smaller_capacity_than_the_seats_taken_is_refused(client):
    secret = token_for(member("centre_admin", OWN))
    session = SessionFactory(centre=Centre.objects.get(slug=OWN), capacity=5)
    RegistrationFactory.create_batch(3, session=session)
    before = sessions_stored()
    response = call(client, "PATCH", f"/espace/sessions/{session.slug}", secret, {"capacity": 2})
    assert response.status_code == 422
    assert "ont déjà une place" in messages_of(response)["capacity"][0]
    assert sessions_stored() == before


def test_no_personal_data_goes_out_of_a_session(client):
    secret = token_for(member("centre_admin", OWN))
    session = SessionFactory(centre=Centre.objects.get(slug=OWN))
    registration = RegistrationFactory(session=session)
    session.speakers.create(name="Claire Martin", kind="researcher")
    response = call(client, "GET", f"/espace/sessions/{session.slug}", secret)
    assert response.status_code == 200
    text = response.content.decode()
    for personal in (registration.email, registration.last_name, "Claire Martin"):
        assert personal not in text
    changed = call(client, "PATCH", f"/espace/sessions/{session.slug}", secret, {"title": "Nouveau titre"})
    assert changed.status_code == 200
    assert session.speakers.count() == 1  # the pages manage speakers: untouched


def test_the_centres_sessions_are_listed_for_its_administrators(client):
    admin, editor = token_for(member("centre_admin", OWN)), token_for(member("editor", OWN))
    hidden = SessionFactory(centre=Centre.objects.get(slug=OWN), is_published=False)
    shown = SessionFactory(centre=Centre.objects.get(slug=OWN))
    theirs = SessionFactory(centre=Centre.objects.get(slug=OTHER), is_published=False)
    rows = call(client, "GET", "/espace/sessions", admin).json()["results"]
    assert {row["slug"]: row["status"] for row in rows} == {hidden.slug: "draft", shown.slug: "published"}
    drafts = call(client, "GET", "/espace/sessions?published=false", admin).json()["results"]
    assert [row["slug"] for row in drafts] == [hidden.slug] and theirs.slug not in str(rows)
    assert call(client, "GET", "/espace/sessions", editor).status_code == 403
    assert call(client, "GET", "/espace/publications", editor).status_code == 200


def test_a_patch_keeps_every_stored_value_it_does_not_name(client):
    """What a page shows of a stored row goes back through its form unchanged."""
    from passerelles.experiences.enums import Status
    from passerelles.experiences.tests.factories import ExperienceSheetFactory

    own = Centre.objects.get(slug=OWN)
    sheet = ExperienceSheetFactory(centre=own, status=Status.PUBLISHED, published_at=timezone.now())
    series = SeriesFactory(centre=own)
    writing = token_for(member("editor", OWN))
    body = {**PUBLICATION, "series": series.slug, "related_sheets": [sheet.slug], "themes": ["education"]}
    slug = call(client, "POST", "/espace/publications", writing, body).json()["slug"]
    before = Publication.objects.get(slug=slug)
    changed = call(client, "PATCH", f"/espace/publications/{slug}", writing, {"title": "Titre revu"})
    assert changed.status_code == 200, changed.content
    after = Publication.objects.get(slug=slug)
    assert after.title == "Titre revu"
    for name in ("series_id", "kind", "publication_date", "abstract", "language", "licence"):
        assert getattr(after, name) == getattr(before, name), name
    assert changed.json()["related_sheets"] == [sheet.slug]
    assert changed.json()["themes"] == ["education"] and changed.json()["territories"] == ["departement:69"]
    assert [c.name for c in after.contributors.all()] == ["Marie Curie"]

    admin = token_for(member("centre_admin", OWN))
    created = call(client, "POST", "/espace/sessions", admin, {**session_body(), "co_organisers": [OTHER]}).json()
    stored = Session.objects.get(slug=created["slug"])
    changed = call(client, "PATCH", f"/espace/sessions/{stored.slug}", admin, {"title": "Relogement, suite"})
    assert changed.status_code == 200, changed.content
    session = Session.objects.get(pk=stored.pk)
    assert session.title == "Relogement, suite"
    for name in ("starts_at", "ends_at", "commune_id", "capacity", "venue", "is_published", "half_days"):
        assert getattr(session, name) == getattr(stored, name), name
    assert [c.slug for c in session.co_organisers.all()] == [OTHER]
    assert changed.json()["functions"] == ["chef-de-projet"]
