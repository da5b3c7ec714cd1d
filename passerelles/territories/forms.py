from django import forms

from passerelles.core.forms import LinesField

from .enums import Kind
from .models import Territory


class TerritoryKeyField(forms.CharField):
    """A territory given as `kind:code` (région, département, EPCI, commune, QPV)."""

    default_error_messages = {"invalid": "Territoire inconnu."}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        kind, _, code = value.partition(":")
        territory = Territory.objects.filter(kind=kind, code=code).first() if kind in Kind.values else None
        if territory is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return territory


def territory_lines(territories):
    """What a TerritoryLinesField shows for `territories`: one key and label a line."""
    return "\n".join(f"{t.key} {t.label}" for t in territories.select_related("parent"))


class TerritoryLinesField(LinesField):
    """Territories, one per line: a commune by name ("Brest (29)"), by INSEE code or postcode,
    or any territory by its key ("epci:242900314", "qpv:QN029901")."""

    LOCAL_KINDS = (Kind.COMMUNE, Kind.ARRONDISSEMENT, Kind.EPCI, Kind.QPV)

    def __init__(self, *args, kinds=LOCAL_KINDS, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)

    def resolve_line(self, line):
        from passerelles.territories.services.lookup import resolve_commune

        kind, _, code = line.split()[0].partition(":")
        if code and kind in Kind.values:
            territory = Territory.objects.filter(kind=kind, code=code).first()
        else:
            territory = resolve_commune(line).commune
        if territory is None:
            raise forms.ValidationError(
                f"« {line[:60]} » : territoire introuvable ou ambigu (précisez le département, ex. Saint-Denis (93))."
            )
        if territory.kind not in self.kinds:
            allowed = ", ".join(Kind(kind).label for kind in self.kinds)
            raise forms.ValidationError(f"« {line[:60]} » : choisissez un territoire de ce type : {allowed}.")
        return territory

    def clean(self, value):
        territories = super().clean(value)
        if self.required and not territories:
            raise forms.ValidationError("Indiquez au moins un territoire (commune, EPCI ou quartier prioritaire).")
        return territories
