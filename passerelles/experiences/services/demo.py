"""Load the demo sheets of data/demo/experiences.json (all marked as demo). All-or-nothing."""

import json
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from passerelles.centres.models import Centre
from passerelles.core.imports import ImportRejected
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import LegalForm, Status
from ..models import BudgetLine, ExperienceSheet, Partner, TeamRole
from .revisions import record_revision

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
def load_demo_sheets(path=None):
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
        sheet = ExperienceSheet.objects.create(
            centre=centres[item["centre"]],
            title=item["title"],
            slug=slug,
            summary=item["summary"],
            status=status,
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
            last_reviewed_on=reviewed if status == Status.PUBLISHED else None,
            published_at=timezone.make_aware(datetime.combine(reviewed, time(10)))
            if status == Status.PUBLISHED
            else None,
            is_demo=True,
        )
        sheet.territories.set([territories[k] for k in item["territories"]])
        sheet.themes.set([concepts[c] for c in item["themes"]])
        sheet.schemes.set([concepts[c] for c in item["schemes"]])
        sheet.publics.set([concepts[c] for c in item["publics"]])
        BudgetLine.objects.bulk_create(
            BudgetLine(sheet=sheet, funder=line["funder"], amount=Decimal(line["amount"]))
            for line in item["budget"]["lines"]
        )
        Partner.objects.bulk_create(Partner(sheet=sheet, name=p["name"], role=p["role"]) for p in item["partners"])
        TeamRole.objects.bulk_create(
            TeamRole(sheet=sheet, role=t["role"], fte=Decimal(str(t["fte"])) if t.get("fte") is not None else None)
            for t in item["team"]
        )
        record_revision(sheet, None, "fiche de démonstration")
        created += 1
    return created
