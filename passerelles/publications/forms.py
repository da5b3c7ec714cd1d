from urllib.parse import urlsplit

from django import forms
from django.db.models import Q
from django.urls import Resolver404, resolve

from passerelles.centres.forms import CentreContentForm
from passerelles.centres.models import Centre
from passerelles.core.forms import DATE_INPUT, BaseForm, LinesField, PartForm
from passerelles.editorial.workflow import Status
from passerelles.events.models import Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.territories.enums import Kind as TerritoryKind
from passerelles.territories.forms import TerritoryLinesField, territory_lines

from .enums import Kind
from .models import Contributor, Publication, Series


class SeriesForm(CentreContentForm, BaseForm, forms.ModelForm):
    class Meta:
        model = Series
        fields = ["centre", "title", "kind", "issn", "frequency", "description"]

    def clean_issn(self):
        """Stored as ISSN writes it: 1234-567X."""
        digits = self.cleaned_data["issn"].replace("-", "").upper()
        return f"{digits[:4]}-{digits[4:]}" if digits else ""


class SheetLinesField(LinesField):
    """Published experience sheets, one per line, by their address on the site or their identifier."""

    widget = forms.Textarea(attrs={"rows": 2})

    def resolve_line(self, line):
        slug = line
        if "/" in line:
            try:
                match = resolve(urlsplit(line).path)
            except Resolver404:
                match = None
            slug = match.kwargs.get("slug", "") if match and match.view_name == "experiences:detail" else ""
        sheet = ExperienceSheet.objects.published().filter(slug=slug).first() if slug else None
        if sheet is None:
            raise forms.ValidationError(f"« {line[:80]} » : aucune fiche expérience publiée à cette adresse.")
        return sheet


class PublicationForm(CentreContentForm, BaseForm, forms.ModelForm):
    territory_lines = TerritoryLinesField(
        label="Territoires",
        required=False,
        kinds=tuple(TerritoryKind.values),
        help_text="Un par ligne : région ou département (« departement:69 »), commune (« Vaulx-en-Velin (69) »), "
        "EPCI (« epci:200046977 ») ou quartier prioritaire (« qpv:QN06901M »).",
    )
    online_url = forms.URLField(
        label="Adresse de consultation en ligne",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Si elle est aussi en ligne ailleurs que sur ce site.",
    )
    sheet_lines = SheetLinesField(
        label="Fiches expérience liées",
        required=False,
        help_text="Une par ligne : l'adresse de la fiche publiée sur ce site.",
    )

    class Meta:
        model = Publication
        fields = [
            "centre",
            "series",
            "issue_number",
            "title",
            "kind",
            "thematic_file",
            "publication_date",
            "abstract",
            "themes",
            "schemes",
            "publics",
            "language",
            "licence",
            "online_url",
            "on_paper",
            "paper_order",
            "session",
            "event_title",
            "event_date",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "schemes": forms.CheckboxSelectMultiple,
            "publics": forms.CheckboxSelectMultiple,
            "publication_date": DATE_INPUT,
            "event_date": DATE_INPUT,
        }
        help_texts = {"kind": "Pour un numéro de série, le type de la série s'applique."}

    ordered_choices = ("session",)  # the most recent first

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        centres = self.fields["centre"].queryset
        self.fields["series"].queryset = Series.objects.filter(centre__in=centres).select_related("centre")
        self.fields["series"].empty_label = "Aucune : publication isolée"
        self.fields["session"].queryset = (
            Session.objects.filter(Q(centre__in=centres) | Q(co_organisers__in=centres))
            .distinct()
            .order_by("-starts_at")
        )
        self.fields["session"].empty_label = "Aucune"
        if self.instance.pk:
            self.initial["territory_lines"] = territory_lines(self.instance.territories)
            self.initial["sheet_lines"] = "\n".join(
                sheet.get_absolute_url() for sheet in self.instance.related_sheets.published()
            )

    def clean(self):
        """The series' type applies to its issues; the other rules are the model's (Publication.clean)."""
        data = super().clean()
        if data.get("series"):
            data["kind"] = data["series"].kind
        return data

    def links(self):
        """The many-to-many links typed in other fields (core.changes.changes_of)."""
        # Links to sheets withdrawn since are not shown in the form: they are kept as they are.
        stored = Publication.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        hidden = list(stored.related_sheets.exclude(status=Status.PUBLISHED)) if stored else []
        sheets = [*self.cleaned_data["sheet_lines"], *hidden]
        return {"territories": self.cleaned_data["territory_lines"], "related_sheets": sheets}


class ContributorForm(PartForm):
    class Meta:
        model = Contributor
        fields = ["name", "kind", "role", "affiliation", "is_researcher"]


def contributor_formset(data=None, instance=None):
    factory = forms.inlineformset_factory(
        Publication, Contributor, form=ContributorForm, extra=2, can_delete=True, max_num=50
    )
    formset = factory(data, instance=instance, prefix="contributors")
    formset.legend = "Auteurs et contributeurs (personnes ou organisations, chercheurs compris)"
    formset.column_width = 2
    return {"contributors": formset}


class DocumentForm(BaseForm):
    title = forms.CharField(label="Titre du document", max_length=200, required=False)
    file = forms.FileField(label="Fichier PDF", help_text="Un PDF lisible (non protégé par un mot de passe).")

    def __init__(self, *args, max_mb=50, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Un PDF lisible, non protégé par un mot de passe, de {max_mb} Mo au plus."
        self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"


class LatestFilterForm(BaseForm):
    kind = forms.ChoiceField(label="Type", choices=[("", "Tous les types"), *Kind.choices], required=False)
    centre = forms.ModelChoiceField(
        label="Centre",
        queryset=Centre.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tous les centres",
    )
