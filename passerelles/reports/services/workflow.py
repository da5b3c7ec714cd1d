"""The annual report's workflow: the centre's admins write it and submit it (its figures are then
frozen), the national animation validates it or returns it with a comment, and may reopen a
validated one. One table says who may do what from which state."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from passerelles.accounts.permissions import Action, can
from passerelles.centres.models import Centre
from passerelles.core.errors import DomainError
from passerelles.editorial.workflow import Rule  # the same shape of rule as the editorial workflow's

from ..enums import Status, Transition
from ..models import Report
from .figures import centre_figures

FIRST_YEAR = 2000


class ReportRefused(DomainError):
    """A change the report's state does not allow; the message is for the person, in French."""


RULES = {
    Transition.SUBMIT: Rule(frozenset({Status.DRAFT}), Status.SUBMITTED, Action.REPORT_TO_NETWORK),
    Transition.VALIDATE: Rule(frozenset({Status.SUBMITTED}), Status.VALIDATED, Action.MANAGE_NETWORK),
    Transition.RETURN: Rule(frozenset({Status.SUBMITTED}), Status.DRAFT, Action.MANAGE_NETWORK, needs_comment=True),
    Transition.REOPEN: Rule(frozenset({Status.VALIDATED}), Status.DRAFT, Action.MANAGE_NETWORK, needs_comment=True),
}


def years_open() -> range:
    """The years a report may be written for: from 2000 to this year."""
    return range(FIRST_YEAR, timezone.localdate().year + 1)


def check_year(year: int) -> None:
    if year not in years_open():
        raise ReportRefused(f"L'année {year} est hors des années acceptées ({FIRST_YEAR} à cette année).")


def report_of(centre: Centre, year: int) -> Report:
    """The centre's report for `year`, or a new draft not saved yet."""
    check_year(year)
    return Report.objects.filter(centre=centre, year=year).first() or Report(centre=centre, year=year)


def allowed(user: Any, report: Report) -> list[Transition]:
    return [
        transition
        for transition, rule in RULES.items()
        if report.status in rule.sources and can(user, rule.action, report.centre)
    ]


def may_write(user: Any, report: Report) -> bool:
    return report.status == Status.DRAFT and can(user, Action.REPORT_TO_NETWORK, report.centre)


def save_highlights(report: Report, highlights: str, actor: Any) -> Report:
    if not can(actor, Action.REPORT_TO_NETWORK, report.centre):
        raise PermissionDenied
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFT:
            raise ReportRefused("Ce rapport a été soumis : seule l'animation nationale peut le rouvrir.")
        report.highlights, report.updated_by = highlights, actor
        report.save()
    return report


def apply(report: Report, transition: str, actor: Any, comment: str = "") -> Report:
    """Move the report through `transition`, or refuse (PermissionDenied, ReportRefused)."""
    rule = RULES[Transition(transition)]
    if not can(actor, rule.action, report.centre):
        raise PermissionDenied
    if rule.needs_comment and not comment.strip():
        raise ReportRefused("Dites au centre pourquoi, dans le commentaire : il le lira avec le rapport.")
    with transaction.atomic():
        report = _locked(report)
        if report.status not in rule.sources:
            raise ReportRefused(
                f"Ce rapport est {report.get_status_display()} : impossible de le {Transition(transition).label}."
            )
        report.status, report.updated_by = rule.target, actor
        now = timezone.now()
        if transition == Transition.SUBMIT:
            report.figures, report.submitted_at, report.review_comment = (
                centre_figures(report.centre, report.year),
                now,
                "",
            )
        elif transition == Transition.VALIDATE:
            report.validated_at = now
        else:  # returned or reopened: figures follow the data again until the next submission
            report.figures, report.submitted_at, report.validated_at = {}, None, None
            report.review_comment = comment.strip()
        report.save()
    return report


def _locked(report: Report) -> Report:
    """The report's row, locked for the rest of the transaction (created as a draft if new)."""
    if report.pk is None:
        Report.objects.get_or_create(centre=report.centre, year=report.year)
    return Report.objects.select_for_update().select_related("centre").get(centre=report.centre, year=report.year)
