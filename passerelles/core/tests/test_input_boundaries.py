"""Control characters at the boundaries: a URL parameter holding one gets a 400 in French (the OAI-PMH
endpoint answers badArgument, in XML); a form removes them and keeps one-line fields on one line;
every form and admin form of the site goes through that cleaning."""

import html
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from lxml import etree

import passerelles
from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.core.forms import CleanInputMixin
from passerelles.core.text import clean_data, clean_line, clean_text
from passerelles.events.models import Registration, Session
from passerelles.events.tests.factories import SessionFactory
from passerelles.events.tests.test_workspace import session_data
from passerelles.publications.models import Publication

pytestmark = pytest.mark.django_db
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def test_cleaning_keeps_tabs_and_line_breaks_of_text_and_puts_lines_on_one_line():
    assert clean_text("a\x00b\x01c\x1bd\x7fe\x9ff\ufffeg\uffffh\ud800i\tj\r\nk") == "abcdefghi\tj\r\nk"
    assert clean_text("pasted\x0bfrom a\x0cword\x85processor") == "pasted\nfrom a\nword\nprocessor"
    assert clean_line("  Titre\r\nsur\x0bdeux\u2028lignes\t ") == "Titre sur deux lignes"
    assert clean_text("Villeneuve-d’Ascq \u202eesrever\u202c") == "Villeneuve-d’Ascq \u202eesrever\u202c"
    assert clean_data({"title": "a\nb", "text": "a\nb\x00", "password": " a\x0b "}, {"title"}, {"password"}) == {
        "title": "a b",
        "text": "a\nb",
        "password": " a\x0b ",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/centres/quel-centre-couvre-ma-commune/?q=Bre%0Bst",
        "/centres/?region=%0C",
        "/experiences/?q=%EF%BF%BE",
        "/publications/?centre=%C2%85",
        "/agenda/?q%1B=x",
        "/territoires/autocompletion/?q=Brest%7F",
        "/recherche/?q=logement%00",
        "/centres/%0B/",
    ],
)
def test_control_characters_in_the_address_get_a_french_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"verb": "Identify\x00"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc\x0b"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:\x00\ufffe"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "\x1bset": "centre"},
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_control_characters_in_oai_arguments_get_a_bad_argument_in_xml(client, params, method):
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200 and response["Content-Type"] == "text/xml; charset=utf-8"
    error = etree.fromstring(response.content).find(f"{OAI}error")
    assert error.get("code") == "badArgument"
    assert "caractère de contrôle" in error.text


def test_the_registration_form_stores_cleaned_values(client):
    session = SessionFactory()
    response = client.post(
        reverse("events:register", args=[session.slug]),
        {
            "first_name": "Aï\x01cha\n",
            "last_name": "Ber\x00nard",
            "email": "aicha@example.org",
            "organisation": "GIP\r\nde\ufffe Seine",
            "consent": "on",
        },
    )
    assert response.status_code in (200, 302)
    registration = Registration.objects.get(email="aicha@example.org")
    assert (registration.first_name, registration.last_name) == ("Aïcha", "Bernard")
    assert registration.organisation == "GIP de Seine"


def test_staff_forms_and_their_formsets_store_cleaned_values(client):
    client.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.CENTRE_ADMIN).user)
    data = session_data(
        title="Rénovation\x0b urbaine\r\n: le relogement",
        description="Première ligne\r\nSeconde\x00 ligne\x0bcollée de Word",
        **{"speakers-0-name": "Claire\u2028Martin\x1b", "venue": "Salle\tdes fêtes"},
    )
    response = client.post("/agenda/espace/sessions/nouvelle/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(slug="renovation-urbaine-le-relogement")
    assert session.title == "Rénovation urbaine : le relogement"
    assert session.description == "Première ligne\r\nSeconde ligne\ncollée de Word"  # a text area keeps its lines
    assert session.venue == "Salle des fêtes"
    assert session.speakers.get().name == "Claire Martin"


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_out_of_the_sites_years_is_refused_in_french_not_a_500(client, day):
    client.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.CENTRE_ADMIN).user)
    data = session_data(title="Une session hors du temps", starts_at=f"{day}T00:30", ends_at=f"{day}T23:30")
    response = client.post("/agenda/espace/sessions/nouvelle/", data)
    assert response.status_code == 200
    assert "Choisissez une date entre 1900 et 2100." in response.content.decode()
    assert not Session.objects.filter(title="Une session hors du temps").exists()


@pytest.mark.parametrize("number", ["99999999999999999999", "9223372036854775808", "-9223372036854775809"])
def test_a_row_number_no_database_holds_is_an_unknown_choice_not_a_500(client, number):
    client.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.CENTRE_ADMIN).user)
    data = session_data(title="Une session aux grands nombres", functions=[number])
    response = client.post("/agenda/espace/sessions/nouvelle/", data)
    assert response.status_code == 200
    assert f"Sélectionnez un choix valide. {number} n’en fait pas partie." in html.unescape(response.content.decode())
    assert not Session.objects.filter(title="Une session aux grands nombres").exists()


def test_a_form_with_a_nul_byte_is_cleaned_not_refused(client):
    """PostgreSQL refuses NUL in text: the form removes it before any query."""
    labo = Centre.objects.get(slug="labo-cites")
    client.force_login(MembershipFactory(centre=labo, role=Role.EDITOR).user)
    response = client.post(
        "/publications/espace/nouvelle/",
        {
            "centre": labo.pk,
            "title": "La ville\x00 des enfants",
            "kind": "study",
            "publication_date": "2025-05-01",
            "abstract": "Un\x00 résumé.",
            "language": "fr",
            "licence": "Tous droits réservés",
            "contributors-TOTAL_FORMS": "1",
            "contributors-INITIAL_FORMS": "0",
            "contributors-0-name": "Une\x00 chercheuse\x0b",
            "contributors-0-kind": "person",
            "contributors-0-role": "author",
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get(title="La ville des enfants")
    assert publication.abstract == "Un résumé." and publication.contributors.get().name == "Une chercheuse"


def test_signing_in_with_a_nul_byte_is_answered_not_a_500(client):
    user = UserFactory(email="nul@example.org")
    response = client.post(reverse("accounts:login"), {"username": "nul\x00@example.org", "password": "faux"})
    assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "mot-de-passe-solide\x0b"})
    assert response.status_code == 200  # a password is compared as typed: this one is wrong


def site_modules():
    for module in pkgutil.walk_packages(passerelles.__path__, "passerelles."):
        if ".tests" not in module.name and ".migrations" not in module.name and "settings" not in module.name:
            yield importlib.import_module(module.name)


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_every_form_of_the_site_reads_cleaned_input():
    list(site_modules())  # every form class defined
    ours = {f for f in subclasses(forms.BaseForm) if f.__module__.startswith("passerelles.")}
    assert len(ours) > 20
    assert [f.__qualname__ for f in ours if not issubclass(f, CleanInputMixin)] == []


def test_every_admin_form_reads_cleaned_input(rf):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = rf.get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("passerelles."):
            continue  # Django's groups and django-axes' logs: superusers only, shown nowhere on the site
        if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
            continue  # read-only: nothing is ever written through it
        assert issubclass(model_admin.get_form(request), CleanInputMixin), model
        for inline in model_admin.get_inline_instances(request):
            assert issubclass(inline.get_formset(request).form, CleanInputMixin), inline
