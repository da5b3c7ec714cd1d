"""The forms of the centres' staff: sessions, cycles, speakers, attendance, cancellation, report."""

from django import forms

from passerelles.centres.forms import CentreContentForm
from passerelles.centres.models import Centre
from passerelles.core.forms import DATE_INPUT, DATETIME_INPUT, BaseForm, CleanInputMixin, PartForm
from passerelles.territories.enums import Kind as TerritoryKind
from passerelles.territories.forms import TerritoryLinesField, territory_lines
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .enums import SessionStatus
from .models import Cycle, Registration, Session, Speaker

TERRITORIES_HELP = (
    "Un par ligne : région ou département (« departement:93 »), commune (« Saint-Denis (93) »), "
    "EPCI (« epci:200054781 ») ou quartier prioritaire (« qpv:QN09301M »)."
)


class CommuneField(TerritoryLinesField):
    """One commune (or municipal arrondissement), typed as its name, INSEE code or postcode."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, kinds=(TerritoryKind.COMMUNE, TerritoryKind.ARRONDISSEMENT), **kwargs)

    def clean(self, value):
        communes = super().clean(value)
        return communes[0] if communes else None


class RegistrableForm(CentreContentForm, BaseForm, forms.ModelForm):
    """What sessions and cycles share: organising centre, audience, registration window."""

    territory_lines = TerritoryLinesField(
        label="Territoires concernés", required=False, kinds=tuple(TerritoryKind.values), help_text=TERRITORIES_HELP
    )
    fieldsets = ()  # (legend, [field names]) for the template

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["functions"].queryset = Concept.objects.in_scheme(Scheme.FUNCTIONS)
        self.fields["themes"].queryset = Concept.objects.in_scheme(Scheme.THEMES)
        if self.instance.pk:
            self.initial["territory_lines"] = territory_lines(self.instance.territories)

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", "La clôture des inscriptions doit suivre leur ouverture.")
        return data

    def links(self):
        """The many-to-many links typed in other fields (core.changes.changes_of)."""
        return {"territories": self.cleaned_data["territory_lines"]}


AUDIENCE = ("functions", "themes", "territory_lines")
REGISTRATION = ("openness", "capacity", "registration_opens", "registration_closes", "is_published")
CHECKBOXES = {"functions": forms.CheckboxSelectMultiple, "themes": forms.CheckboxSelectMultiple}


class SessionForm(RegistrableForm):
    commune = CommuneField(
        label="Commune", required=False, help_text="Nom (« Saint-Denis (93) »), code INSEE ou code postal."
    )
    online_url = forms.URLField(label="Lien de connexion", required=False, max_length=500, assume_scheme="https")

    fieldsets = (
        ("La session", ("centre", "cycle", "title", "description", "kind", "status")),
        (
            "Date et lieu",
            (
                "starts_at",
                "ends_at",
                "half_days",
                "format",
                "venue",
                "address",
                "commune",
                "online_url",
                "accessibility",
            ),
        ),
        ("Public visé", AUDIENCE),
        ("Co-organisation", ("co_organisers", "partners")),
        ("Inscriptions", REGISTRATION),
    )

    class Meta:
        model = Session
        fields = [
            "centre",
            "cycle",
            "title",
            "description",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "half_days",
            "format",
            "venue",
            "address",
            "commune",
            "online_url",
            "accessibility",
            "functions",
            "themes",
            "co_organisers",
            "partners",
            *REGISTRATION,
        ]
        widgets = {
            **CHECKBOXES,
            "co_organisers": forms.CheckboxSelectMultiple,
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "registration_opens": DATETIME_INPUT,
            "registration_closes": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "half_days": "Ce qui est compté dans le bilan d'activité : une journée compte deux demi-journées.",
            "cycle": "Si la session fait partie d'un cycle de votre centre.",
            "co_organisers": "Les autres centres qui organisent la session avec vous.",
        }

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, centres=centres, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(centre__in=self.fields["centre"].queryset)
        self.fields["cycle"].empty_label = "Aucun : session isolée"
        self.fields["co_organisers"].queryset = Centre.objects.all()
        status = self.fields["status"]
        if self.instance.is_cancelled:
            status.disabled = True
            status.help_text = "Une session annulée le reste."
        else:
            # Cancelling tells the registrants: it has its own button, on the registrants' page.
            status.choices = [choice for choice in status.choices if choice[0] != SessionStatus.CANCELLED]
            status.help_text = "Pour annuler la session, utilisez « Annuler la session » : les inscrits sont prévenus."
        if self.instance.pk and self.instance.commune_id:
            self.initial["commune"] = self.instance.commune.label

    def clean(self):
        data = super().clean()
        centre, cycle = data.get("centre"), data.get("cycle")
        if cycle and centre and cycle.centre_id != centre.pk:
            self.add_error("cycle", "Le cycle doit être organisé par le même centre que la session.")
        if centre and centre in data.get("co_organisers", []):
            self.add_error("co_organisers", "Le centre organisateur ne peut pas être aussi co-organisateur.")
        return data


class CycleForm(RegistrableForm):
    fieldsets = (
        ("Le cycle", ("centre", "title", "description")),
        ("Public visé", AUDIENCE),
        ("Inscriptions au cycle", REGISTRATION),
    )

    class Meta:
        model = Cycle
        fields = ["centre", "title", "description", "functions", "themes", *REGISTRATION]
        widgets = {
            **CHECKBOXES,
            "registration_opens": DATETIME_INPUT,
            "registration_closes": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "capacity": "Une inscription au cycle réserve une place dans chacune de ses sessions. "
            "Laisser vide : sans autre limite que celle des sessions."
        }


class SpeakerForm(PartForm):
    class Meta:
        model = Speaker
        fields = ["name", "kind", "affiliation"]


def speaker_formset(data=None, instance=None):
    factory = forms.inlineformset_factory(Session, Speaker, form=SpeakerForm, extra=2, can_delete=True, max_num=30)
    formset = factory(data, instance=instance, prefix="speakers")
    formset.legend = "Intervenants et intervenantes (praticiens, experts, chercheurs)"
    formset.column_width = 3
    return formset


class AttendanceForm(CleanInputMixin, forms.Form):
    """The confirmed registrants ticked present; the others are marked absent."""

    present = forms.ModelMultipleChoiceField(
        queryset=Registration.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "Une des personnes cochées n'a pas de place confirmée ici : rien n'est changé.",
            "invalid_pk_value": "Une des personnes cochées n'est pas reconnue : rien n'est changé.",
        },
    )

    def __init__(self, *args, registrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = registrations if registrations is not None else Registration.objects.none()


class CancelSessionForm(BaseForm):
    confirm = forms.BooleanField(
        label="Je confirme l'annulation de cette session et l'envoi d'un courriel à chaque inscrit.",
        error_messages={"required": "Cochez la case pour confirmer l'annulation."},
    )


class ReportForm(BaseForm):
    centre = forms.ModelChoiceField(label="Centre", queryset=Centre.objects.none(), required=False)
    start = forms.DateField(label="Du", widget=DATE_INPUT)
    end = forms.DateField(label="Au (inclus)", widget=DATE_INPUT)

    def __init__(self, *args, centres=None, everyone=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres if centres is not None else Centre.objects.none()
        self.fields["centre"].empty_label = "Tous les centres du réseau" if everyone else "Tous mes centres"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la période doit suivre son début.")
        return data
