"""Sheets side by side, field by field: the comparison the Réso Villes PRE sheets were made for."""

from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format

MIN_SHEETS, MAX_SHEETS = 2, 8


class ComparisonError(Exception):
    """What is wrong with the requested selection, in French."""


def euros(amount):
    return f"{number_format(amount, 0, force_grouping=True)} €"


def sheets_to_compare(slugs, visible):
    """The sheets named by `slugs` (in that order) among the `visible` queryset, or an error."""
    slugs = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    if not MIN_SHEETS <= len(slugs) <= MAX_SHEETS:
        raise ComparisonError(f"Choisissez de {MIN_SHEETS} à {MAX_SHEETS} fiches à comparer ({len(slugs)} choisie(s)).")
    found = {
        s.slug: s
        for s in visible.filter(slug__in=slugs)
        .select_related("centre")
        .prefetch_related("territories__parent", "themes", "schemes", "publics", "budget_lines", "partners", "team")
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ComparisonError(f"Fiche(s) introuvable(s) ou non publiée(s) : {', '.join(missing)}.")
    return [found[slug] for slug in slugs]


def _period(sheet):
    start = f"depuis {date_filter(sheet.start_date, 'F Y')}" if sheet.start_date else ""
    end = f"jusqu'en {date_filter(sheet.end_date, 'F Y')}" if sheet.end_date else "en cours"
    return [" ".join(filter(None, [start, end]))]


def _budget(sheet):
    lines = []
    if sheet.budget_amount:
        lines.append(euros(sheet.budget_amount) + (f" en {sheet.budget_year}" if sheet.budget_year else ""))
    return lines or ["non renseigné"]


def _funders(sheet):
    return [
        f"{line.funder} : {euros(line.amount)}" + (f" ({number_format(share, 1)} %)" if share is not None else "")
        for line, share in sheet.budget_shares()
    ]


def _structure(sheet):
    if sheet.carrying_legal_form:
        return f"{sheet.carrying_structure} ({sheet.get_carrying_legal_form_display()})"
    return sheet.carrying_structure


def _team(sheet):
    members = list(sheet.team.all())
    rows = [f"{m.role} : {number_format(m.fte, 1)} ETP" if m.fte is not None else m.role for m in members]
    total = sum(m.fte for m in members if m.fte is not None)
    if total:
        rows.append(f"Total : {number_format(total, 1)} ETP")
    return rows


ROWS = [
    ("Centre", lambda s: [s.centre.display_name]),
    ("Territoires", lambda s: [t.label for t in s.territories.all()]),
    ("Période", _period),
    ("Structure juridique porteuse", lambda s: [_structure(s)]),
    ("Thèmes", lambda s: [c.pref_label for c in s.themes.all()]),
    ("Dispositifs", lambda s: [c.pref_label for c in s.schemes.all()]),
    ("Autres dispositifs locaux", lambda s: [s.other_schemes]),
    ("Budget global", _budget),
    ("Financeurs", _funders),
    ("Partenariats", lambda s: [f"{p.name} : {p.role}" if p.role else p.name for p in s.partners.all()]),
    ("Équipe", _team),
    ("Publics visés", lambda s: [", ".join(c.pref_label for c in s.publics.all()), s.publics_description]),
    ("Modalités de travail", lambda s: [s.working_methods]),
    ("Actions engagées", lambda s: [s.actions]),
    ("Résultats et évaluation", lambda s: [s.results]),
    ("Enseignements", lambda s: [s.lessons]),
    ("Dernière relecture", lambda s: [date_filter(s.last_reviewed_on, "j F Y") if s.last_reviewed_on else "—"]),
]


def comparison_rows(sheets):
    """[(label, [[lines of sheet 1], [lines of sheet 2], …])] with empty lines removed."""
    return [(label, [[line for line in get(sheet) if line] for sheet in sheets]) for label, get in ROWS]
