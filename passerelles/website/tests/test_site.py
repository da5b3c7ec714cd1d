import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from passerelles.accounts.models import User
from passerelles.territories.models import Territory

pytestmark = pytest.mark.django_db
DEMO_BANNER = "Site de démonstration."


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quel centre couvre ma commune ?" in page
    assert '<html lang="fr"' in page


def test_demo_data_is_labelled_as_demo(client):
    assert DEMO_BANNER not in client.get("/").content.decode()
    call_command("load_demo")
    for url in ["/", "/centres/", "/centres/couverture/"]:
        assert DEMO_BANNER in client.get(url).content.decode(), url
    assert Territory.objects.filter(kind="qpv", is_demo=False).count() == 0
    assert User.objects.filter(is_demo=True).count() == 4
    assert "demo-passerelles" in client.get("/comptes/connexion/").content.decode()
    check_demo_sheets_are_loaded_and_labelled(client)


def check_demo_sheets_are_loaded_and_labelled(client):
    from passerelles.experiences.models import ExperienceSheet

    sheets = ExperienceSheet.objects.all()
    assert sheets.count() >= 40 and not sheets.filter(is_demo=False).exists()
    assert sheets.published().values("centre").distinct().count() >= 10
    pre = sheets.published().filter(schemes__notation="pre", territories__code__in=["29019", "44109", "35238"])
    assert pre.values("territories__code").distinct().count() == 3
    page = client.get(pre.first().get_absolute_url()).content.decode()
    assert "fiche de démonstration" in page
    assert ExperienceSheet.objects.stale().exists()


def test_the_bare_page_is_off_unless_benchmarking(client, settings):
    assert client.get("/_base/").status_code == 404
    settings.PASSERELLES = {**settings.PASSERELLES, "BARE_PAGE": True}
    assert client.get("/_base/").status_code == 200


def test_production_settings_pass_the_deploy_check():
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod",
        DJANGO_SECRET_KEY="k" * 10 + "-Zx9!pQ2#vR7$wL4%mN8^bT3&yH6*jF1(gD5)sA0_cE2+" * 2,
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
        DJANGO_ALLOWED_HOSTS="passerelles.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_a_missing_secret():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod", DATABASE_URL="sqlite://")
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
