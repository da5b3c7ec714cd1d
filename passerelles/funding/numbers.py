"""Numbers as the funding pages write them: French decimals with grouped thousands, a dash for none."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format


def decimal_text(value: Fraction | None, places: int) -> str:
    """`value` rounded (half up) to `places` decimals: Django's number_format would cut the rest."""
    if value is None:
        return "—"
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return number_format(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), places, force_grouping=True)
