"""Experience sheets written through the staff's pages: a member of a centre, and the form data of a
complete sheet (its formsets included)."""

from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre


def member(role, slug="reso-villes"):
    return MembershipFactory(centre=Centre.objects.get(slug=slug), role=role).user


def formset_data(**rows):
    data = {}
    for prefix in ("budget", "partners", "team"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(rows)
    return data


def sheet_data(**overrides):
    data = formset_data(
        **{
            "budget-TOTAL_FORMS": 2,
            "budget-0-funder": "État",
            "budget-0-amount": "60000",
            "budget-1-funder": "Ville de Brest",
            "budget-1-amount": "40000",
            "team-TOTAL_FORMS": 1,
            "team-0-role": "Coordination",
            "team-0-fte": "1",
        }
    )
    data.update(
        {
            "centre": Centre.objects.get(slug="reso-villes").pk,
            "title": "Ateliers parents de Bellevue",
            "summary": "Des ateliers pour les parents du quartier.",
            "territory_lines": "Brest (29)",
            "budget_amount": "100000",
            "budget_year": "2025",
            "licence": "CC BY 4.0",
        }
    )
    data.update(overrides)
    return data
