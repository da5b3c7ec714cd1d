"""Demo series and publications of data/demo/publications.json, each with a small PDF generated
here (WeasyPrint), all marked as demo. All-or-nothing; idempotent (skipped when already loaded)."""

import json
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from passerelles.accounts.models import User
from passerelles.centres.models import Centre
from passerelles.core.changes import Changes, Parts
from passerelles.core.imports import ImportRejected
from passerelles.core.pdf import render_pdf
from passerelles.core.storage import discarded_on_error
from passerelles.editorial.workflow import Transition, apply_transition, save_content
from passerelles.experiences.models import ExperienceSheet
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..models import Contributor, Publication, Series
from .documents import store_pdf
from .workflow import save_series


def demo_file():
    return settings.DATA_DIR / "demo" / "publications.json"


def demo_pdf(publication, paragraphs):
    return render_pdf("publications/demo_pdf.html", {"publication": publication, "paragraphs": paragraphs})


def _territories(keys, errors, where):
    found = []
    for key in keys:
        kind, _, code = key.partition(":")
        territory = Territory.objects.filter(kind=kind, code=code).first()
        if territory is None:
            errors.append(f"{where} : territoire inconnu « {key} ».")
        else:
            found.append(territory)
    return found


def load_demo_publications(actor: User, path: Path | None = None) -> int:
    """Load the demo through the services, as `actor` (who may publish for every centre)."""
    path = path or demo_file()
    if not path.exists() or Series.objects.filter(is_demo=True).exists():
        return 0
    with discarded_on_error() as files, transaction.atomic():
        return _load(json.loads(path.read_text(encoding="utf-8")), files, actor)


def _load(data: dict, files: list, actor: User) -> int:
    centres = {c.slug: c for c in Centre.objects.all()}
    concepts = {c.notation: c for c in Concept.objects.all()}
    errors, series = [], {}
    for item in data["series"]:
        if item["centre"] not in centres:
            errors.append(f"Série « {item['title']} » : centre inconnu « {item['centre']} ».")
            continue
        series[item["slug"]] = save_series(
            actor,
            Changes(
                Series(
                    centre=centres[item["centre"]],
                    title=item["title"],
                    slug=item["slug"],
                    kind=item["kind"],
                    frequency=item.get("frequency", ""),
                    description=item.get("description", ""),
                    is_demo=True,
                )
            ),
        )
    for n, item in enumerate(data["publications"], start=1):
        where = f"Publication {n} (« {item['title'][:50]} »)"
        in_series = series.get(item["series"]) if item["series"] else None
        if item["series"] and in_series is None:
            errors.append(f"{where} : série inconnue « {item['series']} ».")
            continue
        centre = in_series.centre if in_series else centres.get(item.get("centre"))
        if centre is None:
            errors.append(f"{where} : centre inconnu.")
            continue
        published = timezone.make_aware(datetime.combine(date.fromisoformat(item["date"]), time(9)))
        event = item.get("event") or ["", None]
        publication = Publication(
            centre=centre,
            series=in_series,
            issue_number=item["issue"],
            title=item["title"],
            slug=slugify(f"{item['series']} {item['issue']} {item['title']}")[:200],
            kind=in_series.kind if in_series else item["kind"],
            thematic_file=item.get("thematic_file", ""),
            publication_date=published.date(),
            abstract=item["abstract"],
            on_paper=bool(item.get("on_paper")),
            paper_order=item.get("on_paper", ""),
            event_title=event[0],
            event_date=date.fromisoformat(event[1]) if event[1] else None,
            is_demo=True,
        )
        links = {}
        for field in ("themes", "schemes", "publics"):
            unknown = [c for c in item.get(field, []) if c not in concepts]
            errors += [f"{where} : concept inconnu « {c} »." for c in unknown]
            links[field] = [concepts[c] for c in item.get(field, []) if c in concepts]
        links["territories"] = _territories(item.get("territories", []), errors, where)
        sheets = list(ExperienceSheet.objects.published().filter(slug__in=item.get("sheets", [])))
        errors += [
            f"{where} : fiche publiée inconnue « {slug} »."
            for slug in sorted(set(item.get("sheets", [])) - {sheet.slug for sheet in sheets})
        ]
        links["related_sheets"] = sheets
        contributors = [
            Contributor(name=name, kind=kind, role=role, affiliation=affiliation, is_researcher=researcher)
            for name, kind, role, affiliation, researcher in item.get("contributors", [])
        ]
        publication = save_content(actor, Changes(publication, links, [Parts("publication", contributors)]))
        publication = apply_transition(publication, Transition.SUBMIT, actor)
        publication = apply_transition(publication, Transition.PUBLISH, actor, now=published)
        title = f"{publication.full_title} (PDF de démonstration)"
        files.append(store_pdf(publication, title, demo_pdf(publication, item.get("pages", [])), publication.slug).file)
    if errors:
        raise ImportRejected(errors)
    return len(data["publications"])
