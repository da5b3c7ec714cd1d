"""The pages of background work in Chromium: a job's progress moves on its page without a reload,
and the stop button stops it; the unsubscribe link asks, then confirms. axe-core finds no serious
violation on any of them."""

import uuid

import pytest
from playwright.sync_api import expect

from passerelles.core import mail
from passerelles.testing.browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
EDITOR = "redaction@demo.passerelles.fr"


def on_site(site_manage, code):
    site_manage("shell", "-c", code)


def test_a_job_page_follows_the_progress_and_stops_the_job(page, site_url, site_manage):
    job = uuid.uuid4()
    on_site(
        site_manage,
        "from passerelles.core.models import Job; from passerelles.accounts.models import User; "
        f"Job.objects.create(id='{job}', label='Envoi de la lettre n° 4', task_path='x.y', state='running', "
        f"total=200, done=20, started_by=User.objects.get(email='{EDITOR}'))",
    )
    sign_in(page, site_url, EDITOR)
    page.goto(f"{site_url}/taches/{job}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Envoi de la lettre n° 4")
    expect(page.get_by_text("En cours")).to_be_visible()
    assert_accessible(page)

    on_site(site_manage, f"from passerelles.core.models import Job; Job.objects.filter(pk='{job}').update(done=120)")
    expect(page.locator("[data-job-field=done]")).to_have_text("120")  # without reloading the page
    expect(page.locator("progress")).to_have_attribute("value", "60")

    page.get_by_role("button", name="Arrêter la tâche").click()
    expect(page.get_by_text("L'arrêt de la tâche est demandé")).to_be_visible()
    stopped = site_manage(
        "shell", "-c", f"from passerelles.core.models import Job; print(Job.objects.get(pk='{job}').stop_requested)"
    )
    assert stopped.stdout.strip().endswith("True")


def test_a_job_of_someone_else_is_not_found(page, site_url, site_manage):
    job = uuid.uuid4()
    on_site(
        site_manage,
        f"from passerelles.core.models import Job; Job.objects.create(id='{job}', label='Import', task_path='x.y')",
    )
    sign_in(page, site_url, EDITOR)
    response = page.goto(f"{site_url}/taches/{job}/")
    assert response.status == 404


def test_the_unsubscribe_link_asks_then_confirms(page, site_url, settings):
    token = mail.unsubscribe_token("lecteur@example.org", "newsletter:1", "La lettre de RésO Villes")
    page.goto(f"{site_url}/desabonnement/{token}/")
    expect(page.get_by_text("Vous ne recevrez plus « La lettre de RésO Villes »")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer le désabonnement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Désabonnement confirmé")
    assert_accessible(page)

    page.goto(f"{site_url}/desabonnement/{token[:-3]}abc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien ne mène à rien")
    expect(page.get_by_text("lecteur@example.org")).to_have_count(0)
    assert_accessible(page)
