"""Every change to a sheet is kept as a revision (a snapshot of its content); a reviewer sees
what changed between two revisions, field by field."""

import difflib

from ..models import ExperienceSheet, Revision

SCALAR_FIELDS = [
    "title",
    "summary",
    "start_date",
    "end_date",
    "carrying_structure",
    "carrying_legal_form",
    "other_schemes",
    "budget_amount",
    "budget_year",
    "publics_description",
    "working_methods",
    "actions",
    "results",
    "lessons",
    "contact_organisation",
    "contact_email",
    "contact_person",
    "contact_person_consent",
    "licence",
]
LABELS = {name: ExperienceSheet._meta.get_field(name).verbose_name for name in SCALAR_FIELDS} | {
    "territories": "territoires",
    "themes": "thèmes",
    "schemes": "dispositifs",
    "publics": "publics visés",
    "budget_lines": "budget par financeur",
    "partners": "partenaires",
    "team": "équipe",
}


def _text(value):
    return "" if value is None else str(value)


def snapshot(sheet):
    """The sheet's content as plain, comparable text values."""
    data = {name: _text(getattr(sheet, name)) for name in SCALAR_FIELDS}
    data["territories"] = sorted(t.label for t in sheet.territories.select_related("parent"))
    for name in ("themes", "schemes", "publics"):
        data[name] = sorted(c.pref_label for c in getattr(sheet, name).all())
    data["budget_lines"] = [f"{line.funder} : {line.amount} €" for line in sheet.budget_lines.order_by("pk")]
    data["partners"] = [f"{p.name} — {p.role}" if p.role else p.name for p in sheet.partners.order_by("pk")]
    data["team"] = [f"{t.role} ({t.fte} ETP)" if t.fte is not None else t.role for t in sheet.team.order_by("pk")]
    return data


def record_revision(sheet, user, comment=""):
    last = sheet.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return Revision.objects.create(
        sheet=sheet,
        number=last + 1,
        author=user if user and user.is_authenticated else None,
        status=sheet.status,
        comment=comment,
        data=snapshot(sheet),
    )


def diff(older, newer):
    """[(label, removed lines, added lines)] for each field that differs between two revisions."""
    changes = []
    for name, label in LABELS.items():
        before, after = older.data.get(name, ""), newer.data.get(name, "")
        if before == after:
            continue
        before_lines = before if isinstance(before, list) else before.splitlines()
        after_lines = after if isinstance(after, list) else after.splitlines()
        removed, added = [], []
        for line in difflib.ndiff(before_lines, after_lines):
            if line.startswith("- "):
                removed.append(line[2:])
            elif line.startswith("+ "):
                added.append(line[2:])
        changes.append((label, removed, added))
    return changes
