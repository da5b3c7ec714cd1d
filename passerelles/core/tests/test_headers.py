"""The headers every response carries: a strict Content-Security-Policy, a Permissions-Policy, no copy
kept of what carries personal data; and HEAD answered like GET (uptime monitors)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.events.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

STRICT = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]
REFUSED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/agenda/", "/centres/couverture/", "/admin/login/", "/introuvable/"])
def test_every_page_carries_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = [directive.strip() for directive in policy.split(";")]
    assert all(directive in directives for directive in STRICT), policy
    assert "unsafe" not in policy and "*" not in policy


# Rendered by WeasyPrint into PDFs only, never served to a browser: their inline styles are safe.
PDF_ONLY = {"events/print/attendance_sheet.html", "events/print/certificate.html", "publications/demo_pdf.html"}
# E-mail bodies: their CSS is inlined by css-inline before sending; mail clients, not our pages, read them.
MAIL_ONLY = {"newsletters/mail/issue.html"}
INLINE_CODE = re.compile(r"<[^>]*\son[a-z]+\s*=|<script(?![^>]*\b(src=|type=\"application/ld\+json\"))|<style|\sstyle=")


def test_no_template_holds_an_inline_script_handler_or_style():
    """What the policy would refuse in a browser, found in the templates themselves, pages that no
    journey visits included."""
    offenders = []
    for template in Path(settings.BASE_DIR, "passerelles").glob("*/templates/**/*.html"):
        name = str(template).split("/templates/", 1)[1]
        if name not in PDF_ONLY | MAIL_ONLY and INLINE_CODE.search(template.read_text()):
            offenders.append(name)
    assert offenders == []


@pytest.mark.parametrize("url", ["/", "/recherche/suggestions/?q=ville", "/static/core/actions.js", "/introuvable/"])
def test_every_response_refuses_the_browser_features_the_site_never_uses(client, url):
    response = client.get(url)
    response.close()  # a static file is streamed from disk
    policy = response["Permissions-Policy"]
    assert all(f"{feature}=()" in policy for feature in REFUSED_FEATURES), policy


def test_what_a_signed_in_person_is_served_is_never_stored(client):
    client.force_login(UserFactory())
    assert no_store(client.get("/comptes/mon-compte/"))
    assert no_store(client.get("/"))  # a public page, with the person's account in its header


def test_registrants_exports_and_attendance_sheets_are_never_stored(client):
    centre = Centre.objects.get(slug="pb")
    session = SessionFactory(centre=centre)
    RegistrationFactory(session=session)
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user)
    for url in [
        f"/agenda/espace/sessions/{session.slug}/",
        f"/agenda/espace/sessions/{session.slug}/inscrits.csv",
        f"/agenda/espace/sessions/{session.slug}/emargement.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 200 and no_store(response), url


def test_pages_reached_by_a_personal_link_are_never_stored(client):
    registration = RegistrationFactory(session=SessionFactory(centre=Centre.objects.get(slug="pb")))
    page = client.get(registration.get_absolute_url())
    assert page.status_code == 200 and no_store(page)
    user = UserFactory()
    reset = f"/comptes/mot-de-passe/nouveau/{urlsafe_base64_encode(force_bytes(user.pk))}/"
    reset += f"{default_token_generator.make_token(user)}/"
    assert no_store(client.get(reset, follow=True))


def test_public_pages_keep_their_caching(client):
    session = SessionFactory(centre=Centre.objects.get(slug="pb"))
    for url in ["/", "/agenda/", "/agenda/agenda.ics", session.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200 and not no_store(response), url
    assert client.get("/agenda/agenda.ics").has_header("ETag")
