"""Tokens and calls of the write API, for the tests."""

import json

from passerelles.accounts.models import Membership
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre

from ..services.tokens import create_token

OWN, OTHER = "reso-villes", "pb"


def member(role, slug=OWN, user=None):
    extra = {"user": user} if user else {}
    return MembershipFactory(centre=Centre.objects.get(slug=slug), role=role, **extra)


def token_for(membership: Membership, **kwargs) -> str:
    return create_token(membership.user, membership, "Outil de test", **kwargs).secret


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def call(client, method, path, secret=None, body=None):
    headers = bearer(secret) if secret else {}
    send = getattr(client, method.lower())
    if body is None:
        return send(f"/api/v1{path}", **headers)
    return send(f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **headers)


def messages_of(response):
    """{field: [French messages]} of a 422 problem."""
    said = {}
    for error in response.json().get("errors", []):
        said.setdefault(".".join(str(part) for part in error["loc"][1:]), []).append(error["msg"])
    return said


SHEET = {
    "title": "Ateliers parents de Bellevue",
    "summary": "Des ateliers pour les parents du quartier.",
    "territories": ["Brest (29)"],
    "budget_amount": "100000",
    "budget_year": 2025,
    "budget_lines": [{"funder": "État", "amount": "60000"}, {"funder": "Ville de Brest", "amount": "40000"}],
    "team": [{"role": "Coordination", "fte": "1"}],
}
