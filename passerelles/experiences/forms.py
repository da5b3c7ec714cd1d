from django import forms

from passerelles.centres.models import Centre
from passerelles.core.forms import BaseForm
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept


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


class SheetFilterForm(BaseForm):
    q = forms.CharField(label="Mots du titre ou du résumé", max_length=100, required=False)
    theme = forms.ModelChoiceField(
        label="Thème", queryset=Concept.objects.themes(), to_field_name="notation", required=False,
        empty_label="Tous les thèmes",
    )  # fmt: skip
    scheme = forms.ModelChoiceField(
        label="Dispositif", queryset=Concept.objects.schemes(), to_field_name="notation", required=False,
        empty_label="Tous les dispositifs",
    )  # fmt: skip
    public = forms.ModelChoiceField(
        label="Public", queryset=Concept.objects.publics(), to_field_name="notation", required=False,
        empty_label="Tous les publics",
    )  # fmt: skip
    centre = forms.ModelChoiceField(
        label="Centre", queryset=Centre.objects.all(), to_field_name="slug", required=False,
        empty_label="Tous les centres",
    )  # fmt: skip
    territoire = TerritoryKeyField(label="Territoire", max_length=40, required=False)
    annee = forms.IntegerField(label="Active en", min_value=1980, max_value=2100, required=False)

    def territory_choices(self):
        """Régions then their départements, for the territory select."""
        rows = Territory.objects.filter(
            kind__in=[Kind.REGION, Kind.DEPARTEMENT], zone__in=[Zone.METRO, Zone.DROM]
        ).order_by("kind", "code")
        regions = [t for t in rows if t.kind == Kind.REGION]
        deps = [t for t in rows if t.kind == Kind.DEPARTEMENT]
        return [
            (region, [d for d in deps if d.parent_id == region.pk]) for region in sorted(regions, key=lambda r: r.name)
        ]
