"""API tokens: created from the account pages and shown once, stored as a hash, revoked by their owner
only; refused by the API once missing, unknown, revoked, expired or no longer backed by a role."""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from passerelles.accounts.tests.factories import UserFactory

from ..models import ApiToken
from ..services.tokens import create_token, identity_of, revoke_leaked
from .write_helpers import OTHER, OWN, SHEET, bearer, call, member, token_for

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"psl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def test_the_account_page_leads_to_the_tokens(client):
    client.force_login(member("editor").user)
    page = client.get("/comptes/mon-compte/").content.decode()
    assert 'href="/comptes/jetons/"' in page
    assert "Mes jetons d'accès à l'API" in page


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client):
    membership = member("reviewer")
    client.force_login(membership.user)
    form = client.get("/comptes/jetons/nouveau/").content.decode()
    assert escape(membership.centre.display_name) in form
    response = client.post("/comptes/jetons/nouveau/", {"name": "Site du centre", "membership": membership.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = SECRET.search(response.content.decode()).group()
    token = ApiToken.objects.get()
    assert (token.owner, token.centre, token.role) == (membership.user, membership.centre, "reviewer")
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix + "_")
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert all(secret not in value for value in stored)
    listing = client.get("/comptes/jetons/").content.decode()
    assert token.prefix in listing and secret not in listing
    assert "Site du centre" in listing
    assert 'href="/api/v1/docs/"' in listing
    # The secret works, once shown: the API knows whom it acts for.
    assert call(client, "GET", "/espace/fiches/inconnue", secret).status_code == 404


def test_a_refused_form_says_why_in_french_and_creates_nothing(client):
    membership = member("editor")
    stranger = member("centre_admin", OTHER)  # someone else's role
    client.force_login(membership.user)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post("/comptes/jetons/nouveau/", {"name": "", "membership": stranger.pk, "last_day": yesterday})
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>\s*Erreur – Créer un jeton", page)
    assert "Donnez un nom au jeton." in page
    assert "Choisissez un de vos rôles dans un centre." in page
    assert "Choisissez une date postérieure à aujourd&#x27;hui." in page
    assert not ApiToken.objects.exists()


def test_someone_without_a_role_is_told_so(client):
    client.force_login(UserFactory())
    page = client.get("/comptes/jetons/nouveau/").content.decode()
    assert "vous n'en avez aucun" in page.replace("&#x27;", "'")
    assert 'data-testid="token-form"' not in page


def test_the_pages_are_for_signed_in_people_and_writes_need_csrf(client):
    assert client.get("/comptes/jetons/").status_code == 302
    membership = member("editor")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(membership.user)
    response = strict.post("/comptes/jetons/nouveau/", {"name": "Outil", "membership": membership.pk})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_only_its_owner_sees_and_revokes_a_token(client):
    mine, theirs = member("editor"), member("editor")
    secret = token_for(theirs)
    token = ApiToken.objects.get()
    client.force_login(mine.user)
    assert token.prefix not in client.get("/comptes/jetons/").content.decode()
    assert client.post(f"/comptes/jetons/{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert call(client, "GET", "/espace/fiches/inconnue", secret).status_code == 404  # still works


def test_a_revoked_token_is_refused_with_a_problem_in_french(client):
    membership = member("editor")
    secret = token_for(membership)
    token = ApiToken.objects.get()
    client.force_login(membership.user)
    response = client.post(f"/comptes/jetons/{token.pk}/revoquer/", follow=True)
    assert "est révoqué" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "révoqué le" in client.get("/comptes/jetons/").content.decode()
    refused = call(Client(), "POST", "/espace/fiches", secret, SHEET)
    assert refused.status_code == 401
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert refused.json()["detail"] == "Ce jeton d'accès a été révoqué : créez-en un nouveau depuis votre compte."


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer psl_000000000000_inconnu", "Token abc", "Bearer psl_x"],
)
def test_without_a_valid_token_writing_is_a_401(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post("/api/v1/espace/fiches", data=SHEET, content_type="application/json", **headers)
    assert response.status_code == 401
    assert response.json()["title"] == "Authentification requise"


def test_a_forged_secret_with_a_real_prefix_is_refused(client):
    secret = token_for(member("editor"))
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert call(client, "GET", "/espace/fiches/inconnue", forged).status_code == 401


def test_an_expired_token_is_refused(client):
    membership = member("editor")
    secret = token_for(membership, last_day=timezone.localdate() + datetime.timedelta(days=1))
    assert call(client, "GET", "/espace/fiches/inconnue", secret).status_code == 404
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = call(client, "GET", "/espace/fiches/inconnue", secret)
    assert response.status_code == 401
    assert "a expiré" in response.json()["detail"]


def test_a_token_stops_when_its_owner_loses_the_role_or_is_deactivated(client):
    membership = member("reviewer")
    secret = token_for(membership)
    membership.delete()
    response = call(client, "GET", "/espace/fiches/inconnue", secret)
    assert response.status_code == 401
    assert "n'a plus ce rôle" in response.json()["detail"]

    again = member("reviewer")
    secret = token_for(again)
    again.user.is_active = False
    again.user.save()
    assert call(client, "GET", "/espace/fiches/inconnue", secret).status_code == 401


def test_a_token_carries_one_of_its_owners_roles_only():
    mine, theirs = member("editor"), member("centre_admin", OTHER)
    with pytest.raises(PermissionDenied):
        create_token(mine.user, theirs, "Vol de rôle")
    assert not ApiToken.objects.exists()


def test_the_identity_of_a_token_is_its_role_in_its_centre_only():
    animator = UserFactory(is_national_animator=True, is_superuser=True)
    editor_here = member("editor", OWN, user=animator)
    member("centre_admin", OTHER, user=animator)
    identity = identity_of(ApiToken.objects.get(pk=create_token(animator, editor_here, "Outil").token.pk))
    assert not identity.is_superuser and not identity.is_national_animator
    with pytest.raises(TypeError):
        identity.save()
    animator.refresh_from_db()
    assert animator.is_superuser and animator.is_national_animator


def test_last_use_is_recorded(client):
    secret = token_for(member("editor"))
    assert ApiToken.objects.get().last_used_at is None
    call(client, "GET", "/espace/fiches/inconnue", secret, None)
    assert ApiToken.objects.get().last_used_at is not None
    assert bearer(secret)["HTTP_AUTHORIZATION"].endswith(secret)


def test_a_superuser_revokes_a_leaked_token_from_the_admin(admin_client, client):
    secret = token_for(member("editor"))
    token = ApiToken.objects.get()
    listing = admin_client.get("/admin/api/apitoken/").content.decode()
    assert token.prefix in listing and token.secret_hash not in listing
    response = admin_client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert call(client, "GET", "/espace/fiches/inconnue", secret).status_code == 401


def test_staff_who_are_not_superusers_cannot_revoke_others_tokens():
    token_for(member("editor"))
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        revoke_leaked(staff, ApiToken.objects.all())
    assert ApiToken.objects.get().revoked_at is None


def test_a_role_that_needs_the_second_factor_creates_tokens_only_after_it():
    membership = member("centre_admin")
    owing = Client()  # Django's own: the session has not passed the second factor
    owing.force_login(membership.user)
    response = owing.post("/comptes/jetons/nouveau/", {"name": "Outil", "membership": membership.pk})
    assert response.status_code == 302 and "/second-facteur/" in response["Location"]
    assert not ApiToken.objects.exists()
