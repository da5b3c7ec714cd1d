"""Demo annual reports, so that the reports' pages and the network report have something to show:
the demo admin's centre (« pb ») has its last closed year written, submitted and validated, and this
year's report in preparation; another centre has submitted its last year's report, waiting for the
national animation to validate it. Written through the workflow, each report marked « démonstration »
in its highlights; a report already there is left as it is, so that loading again changes nothing."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.models import User
from passerelles.centres.models import Centre

from .enums import Transition
from .models import Report
from .services import workflow

OWN_CENTRE = "pb"  # the demo centre admin's
SUBMITTING_CENTRE = "reso-villes"
VALIDATED = """Rapport de démonstration : ces faits marquants ne sont pas réels.

L'année a été marquée par le renouvellement des contrats de ville : le centre a accompagné les équipes \
de projet dans l'écriture des nouveaux contrats, par un cycle de quatre ateliers et des appuis sur site.

Les rencontres départementales ont réuni les délégués du préfet, les chefs de projet et les \
professionnels des quartiers autour de la participation des habitants et de l'emploi des jeunes.

Le centre a publié deux fiches d'expérience et une synthèse sur les conseils citoyens."""
DRAFT = """Rapport de démonstration, en préparation.

Premiers faits marquants de l'année : le cycle de qualification sur la tranquillité publique, et la \
journée régionale consacrée à l'évaluation des contrats de ville."""
SUBMITTED = """Rapport de démonstration : ces faits marquants ne sont pas réels.

Le centre a animé son réseau de chefs de projet et organisé une journée sur l'accès aux droits, avec \
les caisses d'allocations familiales du territoire."""


@transaction.atomic
def load_demo_reports(actor: Any) -> int:
    """Returns how many reports were created."""
    last_year = timezone.localdate().year - 1
    created = 0
    if own := Centre.objects.filter(slug=OWN_CENTRE).first():
        admin = _admin_of(own) or actor
        if report := _new(own, last_year, VALIDATED, admin):
            report = workflow.apply(report, Transition.SUBMIT, admin)
            workflow.apply(report, Transition.VALIDATE, actor)
            created += 1
        created += bool(_new(own, last_year + 1, DRAFT, admin))
    other = Centre.objects.filter(slug=SUBMITTING_CENTRE).first()
    # No demo admin of its own: the national animation may write for any centre.
    if other and (report := _new(other, last_year, SUBMITTED, actor)):
        workflow.apply(report, Transition.SUBMIT, actor)
        created += 1
    return created


def _admin_of(centre: Centre) -> User | None:
    admins = User.objects.filter(is_demo=True, memberships__centre=centre, memberships__role=Role.CENTRE_ADMIN)
    return admins.order_by("pk").first()


def _new(centre: Centre, year: int, highlights: str, author: Any) -> Report | None:
    """The centre's report of `year` as a draft with these highlights; None when it already exists."""
    if Report.objects.filter(centre=centre, year=year).exists():
        return None
    return workflow.save_highlights(workflow.report_of(centre, year), highlights, author)
