"""Load the demo sheets of data/demo/experiences.json (all marked as demo), through the workflow's
services: written, submitted and published as the national animation would. All-or-nothing."""

import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from passerelles.accounts.models import User
from passerelles.centres.models import Centre
from passerelles.core.changes import Changes, Parts
from passerelles.core.imports import ImportRejected
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import LegalForm, Status, Transition
from ..models import BudgetLine, ExperienceSheet, Partner, TeamRole
from .workflow import apply_transition, save_sheet

LEGAL_FORMS = {label: value for value, label in LegalForm.choices}


def demo_file():
    return settings.DATA_DIR / "demo" / "experiences.json"


def _lookups(items):
    keys = {key for item in items for key in item["territories"]}
    territories = {}
    for key in keys:
        kind, _, code = key.partition(":")
        territories[key] = (kind, code)
    found = {
        f"{t.kind}:{t.code}": t
        for t in Territory.objects.filter(code__in=[code for _, code in territories.values()])
        if f"{t.kind}:{t.code}" in territories
    }
    concepts = {c.notation: c for c in Concept.objects.all()}
    centres = {c.slug: c for c in Centre.objects.all()}
    return found, concepts, centres


@transaction.atomic
def load_demo_sheets(actor: User, path: Path | None = None) -> int:
    """Load the demo sheets through the workflow's services, as `actor` (who may publish them)."""
    path = path or demo_file()
    if not path.exists():
        return 0
    items = json.loads(path.read_text(encoding="utf-8"))
    territories, concepts, centres = _lookups(items)
    errors = []
    for n, item in enumerate(items, start=1):
        where = f"Fiche {n} (« {item.get('title', '?')} »)"
        if item["centre"] not in centres:
            errors.append(f"{where} : centre inconnu « {item['centre']} ».")
        errors += [f"{where} : territoire inconnu « {k} »." for k in item["territories"] if k not in territories]
        errors += [
            f"{where} : concept inconnu « {c} »."
            for c in item["themes"] + item["schemes"] + item["publics"]
            if c not in concepts
        ]
    if errors:
        raise ImportRejected(errors)
    created = 0
    for item in items:
        slug = slugify(item["title"])[:200]
        if ExperienceSheet.objects.filter(slug=slug).exists():
            continue
        reviewed = date.fromisoformat(item["reviewed"])
        status = item.get("status", Status.PUBLISHED)
        sheet = ExperienceSheet(
            centre=centres[item["centre"]],
            title=item["title"],
            slug=slug,
            summary=item["summary"],
            start_date=date.fromisoformat(item["start"]) if item.get("start") else None,
            end_date=date.fromisoformat(item["end"]) if item.get("end") else None,
            carrying_structure=item["carrying_structure"]["name"],
            carrying_legal_form=LEGAL_FORMS.get(item["carrying_structure"]["legal_form"], LegalForm.OTHER),
            other_schemes=item.get("other_schemes", ""),
            budget_amount=Decimal(item["budget"]["amount"]),
            budget_year=item["budget"]["year"],
            publics_description=item.get("publics_description", ""),
            working_methods=item.get("working_methods", ""),
            actions=item.get("actions", ""),
            results=item.get("results", ""),
            lessons=item.get("lessons", ""),
            contact_organisation=item["contact"]["organisation"],
            contact_email=item["contact"]["email"],
            is_demo=True,
        )
        links = {
            "territories": [territories[k] for k in item["territories"]],
            "themes": [concepts[c] for c in item["themes"]],
            "schemes": [concepts[c] for c in item["schemes"]],
            "publics": [concepts[c] for c in item["publics"]],
        }
        budget = [BudgetLine(funder=line["funder"], amount=Decimal(line["amount"])) for line in item["budget"]["lines"]]
        partners = [Partner(name=p["name"], role=p["role"]) for p in item["partners"]]
        team = [
            TeamRole(role=t["role"], fte=Decimal(str(t["fte"])) if t.get("fte") is not None else None)
            for t in item["team"]
        ]
        parts = [Parts("sheet", budget), Parts("sheet", partners), Parts("sheet", team)]
        sheet = save_sheet(actor, Changes(sheet, links, parts), "fiche de démonstration")
        if status in (Status.SUBMITTED, Status.PUBLISHED):
            sheet = apply_transition(sheet, Transition.SUBMIT, actor)
        if status == Status.PUBLISHED:
            published = timezone.make_aware(datetime.combine(reviewed, time(10)))
            sheet = apply_transition(sheet, Transition.PUBLISH, actor, today=reviewed, now=published)
        created += 1
    return created
