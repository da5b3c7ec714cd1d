"""A realistic volume for the page benchmark: 10,000 published sheets, 5,000 publications (a third
of them issues of 60 series), 2,000 sessions (half to come, half past, in 200 cycles) and 100,000
harvested catalogue records, all marked as demo, spread over the centres, communes and concepts.

Built with bulk inserts, once: a database that already holds them is left as it is. Needs the
geography, the directory and the thesaurus (`setup_site`). Run through Django:

    DATABASE_URL=... python bench/volume.py   # or volume.build() from a configured process
"""

import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import CorpusGenerator, create_records, create_sheets

SHEETS = 10_000
PUBLICATIONS = 5_000
SERIES = 60
SESSIONS = 2_000
CYCLES = 200
RECORDS = 100_000
SEED = 20261207


def _links(through, owner, rows, concepts, communes, rnd):
    """Theme, scheme and public concepts and one or two communes for each row."""
    links = {name: [] for name in through}
    for row in rows:
        for name, scheme, how_many in (
            ("themes", "themes", 2),
            ("schemes", "dispositifs", 1),
            ("publics", "publics", 1),
        ):
            if name in through:
                for concept in rnd.sample(concepts[scheme], how_many):
                    links[name].append(through[name](**{f"{owner}_id": row.pk, "concept_id": concept}))
        for territory in rnd.sample(communes, rnd.randint(1, 2)):
            links["territories"].append(through["territories"](**{f"{owner}_id": row.pk, "territory_id": territory}))
    for name, objects in links.items():
        through[name].objects.bulk_create(objects, batch_size=5000)


def _with_keys(model, rows):
    if rows and rows[0].pk is None:  # a database that does not return keys from bulk inserts
        ids = dict(model.objects.filter(slug__in=[row.slug for row in rows]).values_list("slug", "pk"))
        for row in rows:
            row.pk = ids[row.slug]
    return rows


def _reference():
    from passerelles.centres.models import Centre
    from passerelles.territories.models import Territory
    from passerelles.thesaurus.models import Concept

    centres = list(Centre.objects.order_by("slug").values_list("pk", flat=True))
    communes = list(
        Territory.objects.filter(kind="commune", population__gte=10000).order_by("code").values_list("pk", flat=True)
    )
    concepts = {
        scheme: list(Concept.objects.filter(scheme=scheme).order_by("notation").values_list("pk", flat=True))
        for scheme in ("themes", "dispositifs", "publics", "fonctions")
    }
    return centres, communes, concepts


def create_publications(count, rnd):
    from passerelles.editorial.workflow import Status
    from passerelles.publications.enums import Kind
    from passerelles.publications.models import Publication, Series

    centres, communes, concepts = _reference()
    generator = CorpusGenerator(SEED + 2)
    series = _with_keys(
        Series,
        Series.objects.bulk_create(
            Series(
                centre_id=centres[index % len(centres)],
                title=f"Les cahiers synthétiques n° {index}",
                slug=f"serie-synthetique-{index}",
                kind=Kind.PERIODICAL,
                is_demo=True,
            )
            for index in range(SERIES)
        ),
    )
    kinds = [kind for kind in Kind.values if kind != Kind.PERIODICAL]
    rows = []
    for number in range(count):
        sheet = generator.sheet(number)
        in_series = series[number % len(series)] if number % 3 == 0 else None
        day = date(sheet["year"], 1 + number % 12, 1 + number % 28)
        rows.append(
            Publication(
                centre_id=in_series.centre_id if in_series else rnd.choice(centres),
                series=in_series,
                issue_number=str(number // SERIES + 1) if in_series else "",
                title=sheet["title"][:300],
                slug=f"publication-synthetique-{number}",
                kind=Kind.PERIODICAL if in_series else rnd.choice(kinds),
                publication_date=day,
                abstract=sheet["summary"],
                status=Status.PUBLISHED,
                published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
                is_demo=True,
            )
        )
    publications = _with_keys(Publication, Publication.objects.bulk_create(rows, batch_size=2000))
    through = {name: getattr(Publication, name).through for name in ("themes", "schemes", "publics", "territories")}
    _links(through, "publication", publications, concepts, communes, rnd)


def create_sessions(count, rnd):
    from django.utils import timezone

    from passerelles.events.enums import Format
    from passerelles.events.models import Cycle, Session

    centres, communes, concepts = _reference()
    generator = CorpusGenerator(SEED + 3)
    cycles = _with_keys(
        Cycle,
        Cycle.objects.bulk_create(
            Cycle(
                centre_id=centres[index % len(centres)],
                title=f"Cycle synthétique {index}",
                slug=f"cycle-synthetique-{index}",
                description="Un cycle de qualification.",
                is_published=True,
                is_demo=True,
            )
            for index in range(CYCLES)
        ),
    )
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    rows = []
    for number in range(count):
        sheet = generator.sheet(number)
        starts = today + timedelta(days=number // 2 - count // 4)  # half past, half to come
        cycle = cycles[number % len(cycles)] if number % 4 == 0 else None
        online = number % 5 == 0
        rows.append(
            Session(
                centre_id=cycle.centre_id if cycle else rnd.choice(centres),
                cycle=cycle,
                title=sheet["title"][:200],
                slug=f"session-synthetique-{number}",
                description=sheet["summary"],
                format=Format.ONLINE if online else Format.IN_PERSON,
                venue="" if online else "Salle du conseil",
                address="" if online else "1 place de la Mairie",
                commune_id=None if online else rnd.choice(communes),
                starts_at=starts,
                ends_at=starts + timedelta(hours=8),
                half_days=2,
                capacity=rnd.choice([None, 30, 60, 100]),
                is_published=True,
                is_demo=True,
            )
        )
    sessions = _with_keys(Session, Session.objects.bulk_create(rows, batch_size=2000))
    through = {name: getattr(Session, name).through for name in ("themes", "territories")}
    _links(through, "session", sessions, concepts, communes, rnd)


def build(progress=print):
    """Add what is missing of the volume; True when something was added."""
    from passerelles.events.models import Session
    from passerelles.experiences.models import ExperienceSheet
    from passerelles.publications.models import CatalogueRecord, Publication

    rnd = random.Random(SEED)
    added = False
    if not ExperienceSheet.objects.filter(slug="synthetique-0").exists():
        progress(f"volume: {SHEETS:,} sheets")
        create_sheets(SHEETS, seed=SEED)
        added = True
    if not Publication.objects.filter(slug="publication-synthetique-0").exists():
        progress(f"volume: {PUBLICATIONS:,} publications")
        create_publications(PUBLICATIONS, rnd)
        added = True
    if not Session.objects.filter(slug="session-synthetique-0").exists():
        progress(f"volume: {SESSIONS:,} sessions")
        create_sessions(SESSIONS, rnd)
        added = True
    if not CatalogueRecord.objects.filter(oai_identifier="oai:catalogue.example:0").exists():
        progress(f"volume: {RECORDS:,} harvested records")
        create_records(RECORDS, seed=SEED)
        added = True
    return added


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.config.settings.prod")
    django.setup()
    if build():
        from django.core.management import call_command

        call_command("rebuild_search_index", verbosity=0)
