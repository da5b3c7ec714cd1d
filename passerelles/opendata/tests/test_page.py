"""The page « Données ouvertes » and the files it offers."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from passerelles.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_before_the_first_build_the_page_says_so(client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pas encore de fichiers" in page
    assert "Télécharger" not in page
    for dataset in DATASETS.values():
        assert escape(dataset.title) in page
    assert client.get(reverse("opendata:download", args=["centres"])).status_code == 404


def test_the_page_lists_each_dump_with_its_date_size_count_licence_and_schema(client):
    call_command("build_open_data", verbosity=0)
    page = client.get(reverse("opendata:index")).content.decode()
    assert "Pas encore de fichiers" not in page
    assert reverse("opendata:licence") in page
    for name in DATASETS:
        assert f'data-testid="download-{name}"' in page
        assert reverse("opendata:download", args=[name]) in page
        assert reverse("opendata:schema", args=[name, "csv"]) in page
        assert reverse("opendata:schema", args=[name, "json"]) in page
    assert "165 enregistrements" in page  # the shipped thesaurus
    assert "Mis à jour le" in page


def test_a_dump_downloads_as_a_zip(client):
    call_command("build_open_data", "centres", verbosity=0)
    response = client.get(reverse("opendata:download", args=["centres"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="passerelles-centres-')
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "centres.csv" in bundle.namelist()
    assert client.get(reverse("opendata:download", args=["inconnu"])).status_code == 404


def test_schemas_licence_and_catalogue(client):
    response = client.get(reverse("opendata:schema", args=["fiches-experience", "csv"]))
    assert response["Content-Type"] == "application/json"
    fields = {field["name"]: field for field in response.json()["fields"]}
    assert fields["titre"]["title"] == "titre"
    assert fields["themes"]["type"] == "string"
    json_fields = client.get(reverse("opendata:schema", args=["fiches-experience", "json"])).json()["fields"]
    assert {field["name"]: field["type"] for field in json_fields}["themes"] == "array"
    assert client.get(reverse("opendata:schema", args=["fiches-experience", "xml"])).status_code == 404
    licence = client.get(reverse("opendata:licence"))
    assert licence["Content-Type"] == "text/plain; charset=utf-8"
    assert "LICENCE OUVERTE" in b"".join(licence.streaming_content).decode()
    call_command("build_open_data", "sessions", verbosity=0)
    catalogue = json.loads(client.get(reverse("opendata:datapackage")).content)
    assert catalogue["licenses"][0]["name"] == "etalab-2.0"
    assert [resource["name"] for resource in catalogue["resources"]] == ["sessions"]


def test_the_footer_and_the_site_map_link_to_the_page(client):
    url = reverse("opendata:index")
    assert f'href="{url}"' in client.get(reverse("website:site_map")).content.decode()
    assert f'href="{url}"' in client.get(reverse("website:accessibility")).content.decode()
