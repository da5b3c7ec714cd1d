"""Floors and ceilings per centre: a centre's own bounds, empty for the general ones, hold in the
result, are kept by a saved scenario and by a publication, and bad ones are refused in French."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre

from ..models import PublishedAllocation, Scenario
from .helpers import FORMULA, text

pytestmark = pytest.mark.django_db
URL = "/reseau/repartition/"


def amounts(response):
    return {share.centre.key: share for share in response.context["shares"]}


def test_a_centre_s_own_floor_and_ceiling_hold_and_are_kept(animator):
    general = amounts(animator.get(URL, FORMULA))
    largest = max(general.values(), key=lambda share: share.amount).centre.key
    smallest = min(general.values(), key=lambda share: share.amount).centre.key
    floor = general[smallest].amount + 50_000
    bounds = {f"ceiling_{largest}": "200000", f"floor_{smallest}": str(floor)}
    response = animator.get(URL, {**FORMULA, **bounds})
    bounded = amounts(response)
    assert sum(share.amount for share in bounded.values()) == 5_000_000
    assert bounded[largest].amount == 200_000 and "écrêtement au plafond" in bounded[largest].explanation
    assert bounded[smallest].amount == floor and "relèvement au plancher" in bounded[smallest].explanation
    assert all(share.amount >= 100_000 for share in bounded.values())  # the general floor, for the others
    page = text(response)
    assert "Planchers et plafonds par centre (2 centres avec des bornes propres)" in page
    assert 'aria-expanded="false" aria-controls="centre-bounds"' in page  # collapsed: no error inside

    saved = animator.post("/reseau/repartition/enregistrer/", {**FORMULA, **bounds, "name": "Bornes"})
    scenario = Scenario.objects.get()
    assert {key: value for key, value in scenario.values.items() if key.startswith(("floor_", "ceiling_"))} == bounds
    reopened = animator.get(saved["Location"])
    assert amounts(reopened)[largest].amount == 200_000 and "Bornes propres à certains centres" in text(reopened)
    printed = animator.get(f"/reseau/repartition/scenarios/{scenario.pk}/scenario.pdf")
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)
    assert "Bornes propres à" in pdf_text

    animator.post(f"/reseau/repartition/scenarios/{scenario.pk}/publier/", {"year": "2026", "method": "Bornes."})
    frozen = {row["key"]: row for row in PublishedAllocation.objects.get().snapshot["centres"]}
    capped = frozen[largest]
    assert (capped["floor"], capped["ceiling"], capped["amount"]) == (100_000, 200_000, 200_000)
    assert {key for key, row in frozen.items() if row["own_bounds"]} == {largest, smallest}
    public = text(Client().get("/reseau/repartition/publiee/2026/"))
    assert "Bornes propres à certains centres" in public and "plafond 200\xa0000 €" in public


def covering():
    return Centre.objects.filter(status__in=COVERING_STATUSES).count()


def test_a_centre_raised_to_its_own_floor_is_released_when_the_others_reach_the_general_ceiling(animator):
    # The others' ceilings together leave more than its floor to the smallest centre: it cannot stay
    # held at its floor, and the envelope is shared to the euro within every bound.
    general = amounts(animator.get(URL, FORMULA))
    smallest = min(general.values(), key=lambda share: share.amount).centre.key
    ceiling = -(-5_000_000 * 102 // (100 * covering()))
    rest = 5_000_000 - (covering() - 1) * ceiling
    floor = rest - 5_000
    assert general[smallest].amount < floor <= ceiling
    bounded = amounts(animator.get(URL, {**FORMULA, "ceiling": str(ceiling), f"floor_{smallest}": str(floor)}))
    assert sum(share.amount for share in bounded.values()) == 5_000_000
    assert all(100_000 <= share.amount <= ceiling for share in bounded.values())
    released = bounded[smallest]
    assert released.amount >= rest and "relèvement au plancher" not in released.explanation
    assert sum(term.amount for term in released.terms) == released.amount


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ({"ceiling_pb": "50000"}, "Le plancher et le plafond de « Profession Banlieue (PB) » sont incohérents"),
        ({"floor_pb": "300000", "ceiling_pb": "200000"}, "son plafond doit être au moins égal à son plancher (300"),
        ({"floor_pb": "-5"}, "supérieure ou égale à 0"),
        ({"ceiling_pb": "0"}, "supérieure ou égale à 1"),
        ({"floor_pb": "beaucoup"}, "Saisissez un nombre entier"),
        ({"floor_pb": "4950000"}, "L'enveloppe est inférieure à la somme des planchers des centres."),
        ({"ceiling": "every", "ceiling_pb": "100000"}, "L'enveloppe dépasse la somme des plafonds des centres."),
    ],
    ids=[
        "ceiling-below-general-floor",
        "ceiling-below-own-floor",
        "negative",
        "zero-ceiling",
        "not-a-number",
        "floors-above-envelope",
        "ceilings-below-envelope",
    ],
)
def test_bad_bounds_are_refused_in_french_and_not_kept(animator, bounds, message):
    if bounds.get("ceiling") == "every":  # every centre capped just enough to share the envelope
        bounds = {**bounds, "ceiling": str(-(-5_000_000 // covering()))}
    response = animator.get(URL, {**FORMULA, **bounds})
    page = text(response)
    assert message in page and "rows" not in response.context
    if response.context["form"].errors:
        assert re.search(r"<title>\s*Erreur", page)
        assert 'aria-expanded="true" aria-controls="centre-bounds"' in page  # opened on the error
    kept = animator.post("/reseau/repartition/enregistrer/", {**FORMULA, **bounds, "name": "Mauvaises bornes"})
    assert kept["Location"].startswith(f"{URL}?")
    assert not Scenario.objects.exists()
