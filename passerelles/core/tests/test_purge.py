"""`manage.py purge_logs`: sign-in logs past their retention, expired sessions, ended rate-limit
counters and password-reset mails once sent or expired are deleted; everything younger stays. The
rows are made by real sign-ins and requests; the personal-data page states the same delays."""

import datetime
import io
import re

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from dateutil.relativedelta import relativedelta
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from passerelles.accounts.tests.factories import UserFactory
from passerelles.core import mail, throttle
from passerelles.core.models import OutgoingMail, Throttle

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
PASSWORD = "mot-de-passe-solide"


def months_ago(months, days=0):
    return timezone.now() - relativedelta(months=months, days=days)


def sign_in(email, password, address="192.0.2.10"):
    client = Client()
    client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)
    return client


def purge():
    out = io.StringIO()
    call_command("purge_logs", stdout=out)
    return out.getvalue()


def failure_log(username, when):
    row = AccessFailureLog.objects.create(
        username=username, ip_address="192.0.2.10", user_agent="test", http_accept="*/*", path_info=LOGIN
    )
    AccessFailureLog.objects.filter(pk=row.pk).update(attempt_time=when)


def test_sign_in_logs_are_deleted_after_the_retention_only(settings):
    old, recent = UserFactory(email="ancienne@centre.example"), UserFactory(email="recente@centre.example")
    for user in (old, recent):
        sign_in(user.email, "mauvais")  # a running failure counter (AccessAttempt)
        sign_in(user.email, PASSWORD)  # a sign-in log (AccessLog)
        sign_in(user.email, "encore-mauvais")
        failure_log(user.email, timezone.now())
    assert AccessLog.objects.count() == 2 and AccessAttempt.objects.count() == 2
    attempt = AccessAttempt.objects.get(username=old.email)
    AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=timezone.now())
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=old.email).update(attempt_time=months_ago(12, days=1))
        model.objects.filter(username=recent.email).update(attempt_time=months_ago(11, days=27))

    output = purge()

    said = "Journaux de connexion de plus de 12 mois effacés : 1 tentative(s) en cours, 1 connexion(s), 1 échec(s)."
    assert said in output
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("username", flat=True)) == [recent.email], model
    assert not AccessAttemptExpiration.objects.exists()
    # A shorter retention, set by the operator, deletes the rest.
    settings.PASSERELLES = {**settings.PASSERELLES, "SIGN_IN_LOG_RETENTION_MONTHS": 6}
    assert "de plus de 6 mois effacés : 1 tentative(s) en cours, 1 connexion(s), 1 échec(s)." in purge()
    assert not AccessLog.objects.exists()


def test_expired_sessions_and_ended_counters_are_deleted_live_ones_kept(settings):
    sign_in(UserFactory(email="partie@centre.example").email, PASSWORD)
    staying = sign_in(UserFactory(email="reste@centre.example").email, PASSWORD)
    Session.objects.exclude(session_key=staying.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    settings.PASSERELLES = {
        **settings.PASSERELLES,
        "THROTTLES": {**settings.PASSERELLES["THROTTLES"], "PDF_CLIENT": "5/h", "REGISTRATION_CLIENT": "5/d"},
    }
    throttle.hit("PDF_CLIENT", "192.0.2.1")
    throttle.hit("REGISTRATION_CLIENT", "192.0.2.1")
    Throttle.objects.filter(expires_at__lt=timezone.now() + datetime.timedelta(hours=2)).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    output = purge()

    assert "Sessions expirées effacées : 1." in output
    assert "Compteurs de limitation échus effacés : 1." in output
    assert list(Session.objects.values_list("session_key", flat=True)) == [staying.session.session_key]
    assert staying.get("/comptes/mon-compte/").status_code == 200  # still signed in
    assert Throttle.objects.count() == 1


def test_reset_mails_are_deleted_once_sent_or_expired(smtp_server):
    UserFactory(email="oubli@centre.example")
    for email in ("oubli@centre.example", "inconnue@ailleurs.example"):
        Client().post("/comptes/mot-de-passe/oublie/", {"email": email})
    assert mail.send_due() == (2, 0)
    Client().post("/comptes/mot-de-passe/oublie/", {"email": "en-attente@ailleurs.example"})
    Client().post("/comptes/mot-de-passe/oublie/", {"email": "jamais-partie@ailleurs.example"})
    later = timezone.now() + datetime.timedelta(hours=1)  # both failed to leave, waiting for a retry
    OutgoingMail.objects.filter(to="en-attente@ailleurs.example").update(next_attempt_at=later)
    OutgoingMail.objects.filter(to="jamais-partie@ailleurs.example").update(
        created_at=timezone.now() - datetime.timedelta(days=3, minutes=1), next_attempt_at=later
    )
    other = mail.queue("inscrite@example.org", "Inscription confirmée : Atelier", "Bonjour,")
    OutgoingMail.objects.filter(pk=other.pk).update(sent_at=timezone.now())

    assert "Courriels de nouveau mot de passe effacés : 3." in purge()

    assert sorted(OutgoingMail.objects.values_list("to", flat=True)) == [
        "en-attente@ailleurs.example",  # not sent yet, its link still valid: kept for the next attempt
        "inscrite@example.org",  # not a reset mail: the registrations' own purge deletes it
    ]


def test_a_second_run_finds_nothing_to_delete():
    sign_in(UserFactory().email, "mauvais")
    AccessAttempt.objects.update(attempt_time=months_ago(13))
    purge()
    output = purge()
    assert "0 tentative(s) en cours, 0 connexion(s), 0 échec(s)." in output
    assert "Sessions expirées effacées : 0." in output


def test_the_personal_data_page_states_the_purge_delays(client, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "SIGN_IN_LOG_RETENTION_MONTHS": 6}
    html = client.get("/donnees-personnelles/").content.decode()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "6 mois pour les journaux de connexion" in page
    assert "une session de connexion expire au plus tard après" in page
    assert "est effacée dans les 24 heures qui suivent" in page  # the daily purge
    assert "le courriel d'une demande de nouveau mot de passe est effacé dans les 24 heures qui suivent son envoi" in (
        page
    )
    assert "s'il n'a pas pu partir, la fin de validité de son lien (3 jours après la demande)" in page
