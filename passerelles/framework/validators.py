from django.core.exceptions import ValidationError

from .enums import Indicator


def validate_indicators(value):
    """A commitment's indicators: a list of known keys, each once."""
    if not isinstance(value, list):
        raise ValidationError("Les indicateurs forment une liste de clés.", code="not_a_list")
    unknown = [str(key) for key in value if not isinstance(key, str) or key not in Indicator.values]
    if unknown:
        raise ValidationError(
            "Indicateur inconnu : %(keys)s. Clés possibles : %(known)s.",
            code="unknown_indicator",
            params={"keys": ", ".join(unknown), "known": ", ".join(Indicator.values)},
        )
    if len(set(value)) != len(value):
        raise ValidationError("Un même indicateur est donné deux fois.", code="repeated_indicator")
