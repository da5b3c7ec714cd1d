"""Open-data exports of published sheets (JSON and CSV). A contact person appears only with
their consent; nothing else personal is stored on a sheet."""

from passerelles.core import collation
from passerelles.core.csv_cells import spreadsheet_text

from ..models import ExperienceSheet


def sheet_record(sheet, url):
    return {
        "titre": sheet.title,
        "url": url,
        "centre": sheet.centre.display_name,
        "resume": sheet.summary,
        "territoires": [
            {"type": t.kind, "code": t.code, "nom": t.name}
            for t in collation.sorted_by(sheet.territories.all(), "name")
        ],
        "themes": collation.sorted_by(c.pref_label for c in sheet.themes.all()),
        "dispositifs": collation.sorted_by(c.pref_label for c in sheet.schemes.all()),
        "publics": collation.sorted_by(c.pref_label for c in sheet.publics.all()),
        "debut": sheet.start_date.isoformat() if sheet.start_date else None,
        "fin": sheet.end_date.isoformat() if sheet.end_date else None,
        "structure_porteuse": sheet.carrying_structure,
        "forme_juridique": sheet.get_carrying_legal_form_display() if sheet.carrying_legal_form else "",
        "autres_dispositifs": sheet.other_schemes,
        "budget": {
            "montant": float(sheet.budget_amount) if sheet.budget_amount is not None else None,
            "annee": sheet.budget_year,
            "financeurs": [{"financeur": b.funder, "montant": float(b.amount)} for b in sheet.budget_lines.all()],
        },
        "partenaires": [{"nom": p.name, "role": p.role} for p in sheet.partners.all()],
        "equipe": [{"fonction": t.role, "etp": float(t.fte) if t.fte is not None else None} for t in sheet.team.all()],
        "publics_precisions": sheet.publics_description,
        "modalites_de_travail": sheet.working_methods,
        "actions": sheet.actions,
        "resultats": sheet.results,
        "enseignements": sheet.lessons,
        "contact": {
            "organisme": sheet.contact_organisation,
            "courriel": sheet.contact_email,
            "personne": sheet.contact_person if sheet.contact_person_consent else "",
        },
        "licence": sheet.licence,
        "publiee_le": sheet.published_at.isoformat() if sheet.published_at else None,
        "relue_le": sheet.last_reviewed_on.isoformat() if sheet.last_reviewed_on else None,
        "demonstration": sheet.is_demo,
    }


def published_for_export():
    """Every published sheet (a list), in French alphabetical order of title."""
    sheets = (
        ExperienceSheet.objects.published()
        .select_related("centre")
        .prefetch_related("territories", "themes", "schemes", "publics", "budget_lines", "partners", "team")
    )
    return collation.sorted_by(sheets, key="title")


CSV_COLUMNS = [
    "titre",
    "url",
    "centre",
    "resume",
    "territoires",
    "themes",
    "dispositifs",
    "publics",
    "debut",
    "fin",
    "structure_porteuse",
    "forme_juridique",
    "budget_montant",
    "budget_annee",
    "financeurs",
    "partenaires",
    "equipe",
    "modalites_de_travail",
    "actions",
    "resultats",
    "enseignements",
    "contact_organisme",
    "contact_courriel",
    "licence",
    "publiee_le",
    "relue_le",
    "demonstration",
]


def to_csv(records):
    """Semicolon-separated UTF-8 with a byte-order mark, as French spreadsheets expect; every cell
    neutralised (core.csv_cells)."""
    return spreadsheet_text(CSV_COLUMNS, (_row(r) for r in records))


def _row(r):
    funders = " | ".join(f"{b['financeur']} : {b['montant']:.0f}" for b in r["budget"]["financeurs"])
    return [
        r["titre"],
        r["url"],
        r["centre"],
        r["resume"],
        " | ".join(f"{t['nom']} ({t['code']})" for t in r["territoires"]),
        " | ".join(r["themes"]),
        " | ".join(r["dispositifs"]),
        " | ".join(r["publics"]),
        r["debut"] or "",
        r["fin"] or "",
        r["structure_porteuse"],
        r["forme_juridique"],
        r["budget"]["montant"] or "",
        r["budget"]["annee"] or "",
        funders,
        " | ".join(f"{p['nom']} ({p['role']})" for p in r["partenaires"]),
        " | ".join(f"{t['fonction']} ({t['etp']})" for t in r["equipe"]),
        r["modalites_de_travail"],
        r["actions"],
        r["resultats"],
        r["enseignements"],
        r["contact"]["organisme"],
        r["contact"]["courriel"],
        r["licence"],
        r["publiee_le"] or "",
        r["relue_le"] or "",
        "oui" if r["demonstration"] else "non",
    ]
