"""Sending an issue: a test to oneself, then to the chosen groups (their contacts who agreed to
receive the newsletter) and the confirmed subscribers, in the background (core.jobs) and through
the outbox (core.mail: retries, the one-click unsubscribe of the centre's list, the configured rate).

Each recipient gets the issue once, even if the worker dies in the middle: their Delivery row is
written in the transaction that queues their message, and a send that starts again (the clock
resumes a stalled job) skips whoever has one. The recipients are queued by chunks
(PASSERELLES["NEWSLETTER_CHUNK"]); after each chunk the job itself sends what is due at the outbox's
rate, so its progress follows the sending."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passerelles.contacts.enums import Purpose
from passerelles.contacts.models import Group
from passerelles.core import jobs, mail
from passerelles.core.errors import DomainError
from passerelles.core.models import Job, OutgoingMail, Unsubscription

from ..enums import IssueStatus
from ..models import Delivery, Issue, Subscriber
from .archive import archive
from .compose import Rendered, list_key, list_label, render_mail


class SendRefused(DomainError):
    """An issue that cannot go as asked; the message is for the person, in French."""


def chunk_size() -> int:
    return max(1, int(settings.PASSERELLES["NEWSLETTER_CHUNK"]))


def _normal(email: str) -> str:
    return email.strip().lower()


def addresses(centre: Any, groups: Iterable[Group], to_subscribers: bool) -> list[str]:
    """The addresses an issue goes to, each once, sorted: the contacts of `groups` whose latest
    consent for the newsletter is an agreement and, if chosen, the centre's confirmed subscribers;
    not those who left the centre's list."""
    found: set[str] = set()
    for group in groups:
        found.update(_normal(e) for e in group.members().consenting(Purpose.NEWSLETTER).values_list("email", flat=True))
    if to_subscribers:
        found.update(_normal(e) for e in Subscriber.objects.filter(centre=centre).values_list("email", flat=True))
    left = set(Unsubscription.objects.filter(list_key=list_key(centre)).values_list("email", flat=True))
    return sorted(found - left)


def recipients(issue: Issue) -> list[str]:
    return addresses(issue.centre, issue.groups.all(), issue.to_subscribers)


def _queue(issue: Issue, rendered: Rendered, email: str, subject_prefix: str = "") -> OutgoingMail | None:
    key, label = list_key(issue.centre), list_label(issue.centre)
    html, text = rendered.for_recipient(mail.unsubscribe_url(email, key, label))
    return mail.queue(email, subject_prefix + rendered.subject, text, html=html, list_key=key, list_label=label)


def send_test(issue: Issue, user: Any) -> bool:
    """The issue as it stands, to the person composing it; False if they left the centre's list."""
    with transaction.atomic():
        return _queue(issue, render_mail(issue), user.email, "[Essai] ") is not None


def check_ready(issue: Issue) -> None:
    if not issue.title.strip():
        raise SendRefused("La lettre n'a pas de titre : donnez-lui en un avant de l'envoyer.")
    if not issue.editorial.strip() and not issue.items.exists():
        raise SendRefused("La lettre est vide : écrivez un éditorial ou ajoutez des contenus.")


def start(issue: Issue, user: Any, groups: list[Group], to_subscribers: bool) -> Issue:
    """Archive the issue and start its send in the background (once: a second click finds it sent)."""
    from ..tasks import send_issue

    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("centre").get(pk=issue.pk)
        if issue.status != IssueStatus.DRAFT:
            raise SendRefused("Cette lettre a déjà été envoyée.")
        check_ready(issue)
        if any(group.centre_id != issue.centre_id for group in groups):
            raise SendRefused("Choisissez des groupes de contacts de votre centre.")
        total = len(addresses(issue.centre, groups, to_subscribers))
        if not total:
            raise SendRefused(
                "Personne ne recevrait cette lettre : choisissez au moins un groupe dont des contacts ont accepté "
                "de la recevoir, ou ses abonnés."
            )
        issue.groups.set(groups)
        issue.to_subscribers = to_subscribers
        issue.status, issue.sent_by, issue.send_started_at = IssueStatus.SENDING, user, timezone.now()
        issue.recipients_total = total
        issue.publication = archive(issue, user)
        issue.job = jobs.start(f"Envoi de la lettre « {issue.title} »", user, send_issue, issue_id=issue.pk)
        issue.save()
    return issue


def run(job_id: str, issue_id: int) -> None:
    """The body of the send task: queue (and send) every recipient not queued yet."""
    with jobs.run(job_id) as progress:
        if not progress.active:
            return
        issue = Issue.objects.select_related("centre").get(pk=issue_id)
        if issue.status not in (IssueStatus.SENDING,):
            return
        rendered = render_mail(issue)
        emails = recipients(issue)
        done = set(Delivery.objects.filter(issue=issue).values_list("email", flat=True))
        todo = [email for email in emails if email not in done]
        progress.set_total(len(done) + len(todo))
        progress.set_done(len(done))
        size = chunk_size()
        for start_at in range(0, len(todo), size):
            if progress.stop_requested():
                Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.STOPPED, sent_at=timezone.now())
                progress.finish("Envoi arrêté : les messages déjà en file partent, les autres ne partiront pas.")
                return
            queued = _queue_chunk(issue, rendered, todo[start_at : start_at + size])
            progress.advance(queued)
            mail.send_due(limit=size)  # at the outbox's rate; what fails is retried by the outbox
        Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENT, sent_at=timezone.now())
        total = Delivery.objects.filter(issue=issue, skipped=False).count()
        progress.finish(
            f"Lettre envoyée à {total} destinataire{'s' if total > 1 else ''}.",
            reverse("newsletters:issue", args=[issue.pk]),
        )


def _queue_chunk(issue: Issue, rendered: Rendered, emails: list[str]) -> int:
    """Queue a chunk of recipients with their Delivery rows, all or nothing. The issue's row is
    locked: two runs of the same send (a stalled job resumed while its worker still lived) take
    turns, and the second skips what the first queued."""
    with transaction.atomic():
        Issue.objects.select_for_update().filter(pk=issue.pk).first()
        already = set(Delivery.objects.filter(issue=issue, email__in=emails).values_list("email", flat=True))
        count = 0
        for email in emails:
            if email in already:
                continue
            queued = _queue(issue, rendered, email)
            Delivery.objects.create(issue=issue, email=email, mail=queued, skipped=queued is None)
            count += 1
        return count


def settle(issue: Issue) -> None:
    """An issue whose send was stopped before its job started (or whose job failed for good) is
    shown as stopped, not as sending forever."""
    if issue.status == IssueStatus.SENDING and issue.job and issue.job.state in (Job.State.CANCELLED, Job.State.FAILED):
        issue.status = IssueStatus.STOPPED
        Issue.objects.filter(pk=issue.pk, status=IssueStatus.SENDING).update(status=IssueStatus.STOPPED)


def progress_counts(issue: Issue) -> dict[str, int]:
    """Queued, sent and skipped recipients of an issue, for its page."""
    deliveries = Delivery.objects.filter(issue=issue)
    return {
        "queued": deliveries.filter(skipped=False).count(),
        "sent": deliveries.filter(mail__sent_at__isnull=False).count(),
        "skipped": deliveries.filter(skipped=True).count(),
        "total": issue.recipients_total,
    }
