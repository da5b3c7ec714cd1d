from django import forms

from passerelles.core.forms import BaseForm
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory


class DirectoryFilterForm(BaseForm):
    region = forms.ModelChoiceField(
        label="Région",
        queryset=Territory.objects.filter(kind=Kind.REGION, zone__in=[Zone.METRO, Zone.DROM]).order_by("name"),
        to_field_name="code",
        required=False,
        empty_label="Toutes les régions",
    )
    overseas = forms.ChoiceField(
        label="Territoire",
        choices=[("", "Hexagone et outre-mer"), ("non", "Hexagone"), ("oui", "Outre-mer")],
        required=False,
    )


class CommuneLookupForm(BaseForm):
    q = forms.CharField(
        label="Votre commune",
        help_text="Nom de la commune, code postal ou code INSEE. Exemples : Brest, 93200, Saint-Denis (974).",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "list": "communes-suggestions", "data-autocomplete": "communes"}
        ),
    )
