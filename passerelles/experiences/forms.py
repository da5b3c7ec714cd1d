from django import forms

from passerelles.centres.forms import CentreContentForm
from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.core.forms import DATE_INPUT, BaseForm
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.forms import TerritoryKeyField, TerritoryLinesField, territory_lines
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept


class SheetFilterForm(BaseForm):
    q = forms.CharField(label="Mots du titre ou du résumé", max_length=100, required=False)
    theme = forms.ModelChoiceField(
        label="Thème",
        queryset=Concept.objects.themes(),
        to_field_name="notation",
        required=False,
        empty_label="Tous les thèmes",
    )
    scheme = forms.ModelChoiceField(
        label="Dispositif",
        queryset=Concept.objects.schemes(),
        to_field_name="notation",
        required=False,
        empty_label="Tous les dispositifs",
    )
    public = forms.ModelChoiceField(
        label="Public",
        queryset=Concept.objects.publics(),
        to_field_name="notation",
        required=False,
        empty_label="Tous les publics",
    )
    centre = forms.ModelChoiceField(
        label="Centre",
        queryset=Centre.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tous les centres",
    )
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
            (region, [d for d in deps if d.parent_id == region.pk])
            for region in collation.sorted_by(regions, key="name")
        ]


class SheetForm(CentreContentForm, BaseForm, forms.ModelForm):
    territory_lines = TerritoryLinesField(
        label="Territoires",
        help_text="Un par ligne : commune (« Brest (29) », code INSEE ou postal), EPCI (« epci:242900314 ») "
        "ou quartier prioritaire (« qpv:QN029901 »).",
    )

    class Meta:
        from .models import ExperienceSheet
        from .services.revisions import SCALAR_FIELDS

        model = ExperienceSheet
        fields = ["centre", *SCALAR_FIELDS[:2], "themes", "schemes", "publics", *SCALAR_FIELDS[2:]]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "schemes": forms.CheckboxSelectMultiple,
            "publics": forms.CheckboxSelectMultiple,
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["territory_lines"] = territory_lines(self.instance.territories)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin doit suivre le début.")
        if data.get("contact_person") and not data.get("contact_person_consent"):
            self.add_error(
                "contact_person_consent",
                "Une personne n'est citée qu'avec son accord : cochez la case ou retirez son nom.",
            )
        return data

    def links(self):
        """The many-to-many links typed in other fields (core.changes.changes_of)."""
        return {"territories": self.cleaned_data["territory_lines"]}


class AttachmentForm(BaseForm):
    title = forms.CharField(label="Titre de la pièce jointe", max_length=200, required=False)
    file = forms.FileField(label="Fichier", help_text="PDF ou image (PNG, JPEG, WebP, GIF).")
