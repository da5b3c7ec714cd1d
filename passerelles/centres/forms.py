from django import forms

from passerelles.core.forms import BaseForm
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory

from .models import Centre


class CentreContentForm:
    """A form for a centre's content (sheets, publications, sessions…): its centre is one of `centres`,
    those where the person may write, and cannot change once the content exists (moving it would show
    its drafts or registrants to other people)."""

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["centre"]
        field.queryset = centres if centres is not None else Centre.objects.none()
        field.empty_label = None
        if self.instance.pk:
            field.disabled = True


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
