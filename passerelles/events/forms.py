"""The public forms of the agenda: its filters, and the registration to a session or a cycle."""

import datetime
import re

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.core.forms import EARLIEST_YEAR, LATEST_YEAR, BaseForm
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.forms import TerritoryKeyField, TerritoryLinesField
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .enums import Format
from .models import Session
from .services import agenda

MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_OFFERED = 24


def month_label(day):
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


class MonthField(forms.CharField):
    """A month written AAAA-MM (as in the address of the agenda); cleaned to its first day."""

    default_error_messages = {"invalid": "Indiquez un mois au format AAAA-MM, par exemple 2027-03."}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match["month"]) <= 12 or not EARLIEST_YEAR <= int(match["year"]) <= LATEST_YEAR:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match["year"]), int(match["month"]), 1)


class AgendaFilterForm(BaseForm):
    """The agenda's filters, read from the address; a bad value is reported and ignored."""

    theme = forms.ModelChoiceField(
        label="Thème",
        queryset=Concept.objects.themes(),
        to_field_name="notation",
        required=False,
        empty_label="Tous les thèmes",
    )
    fonction = forms.ModelChoiceField(
        label="Fonction visée",
        queryset=Concept.objects.in_scheme(Scheme.FUNCTIONS),
        to_field_name="notation",
        required=False,
        empty_label="Toutes les fonctions",
    )
    territoire = TerritoryKeyField(label="Territoire (et tout ce qu'il contient)", required=False, widget=forms.Select)
    centre = forms.ModelChoiceField(
        label="Centre organisateur ou co-organisateur",
        queryset=Centre.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tous les centres",
    )
    format = forms.ChoiceField(label="Format", choices=[("", "Tous les formats"), *Format.choices], required=False)
    mois = MonthField(label="Mois", required=False, widget=forms.Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].widget.choices = [("", "Toute la France"), *self.territory_choices()]
        self.fields["mois"].widget.choices = [("", "Tous les mois à venir"), *self.month_choices()]
        # The select offers the centres that organise published sessions; the filter accepts any centre.
        asked = Centre.objects.filter(slug=self._given("centre")).values_list("pk", flat=True)
        organising = collation.sorted_by(Centre.objects.filter(pk__in={*agenda.organisers(), *asked}))
        self.fields["centre"].widget.choices = [("", "Tous les centres"), *((c.slug, str(c)) for c in organising)]

    def _given(self, name):
        return (self.data.get(name) or "").strip() if self.is_bound else ""

    def month_choices(self, today=None):
        """The months from this one to that of the last published session (two years at most)."""
        today = today or timezone.localdate()
        last = Session.objects.public().order_by("-starts_at").values_list("starts_at", flat=True).first()
        last = timezone.localtime(last).date() if last else today
        months, day = [], today.replace(day=1)
        while day <= last and len(months) < MONTHS_OFFERED:
            months.append((f"{day:%Y-%m}", month_label(day)))
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        given = self._given("mois")
        try:
            month = MonthField(required=False).clean(given)
        except forms.ValidationError:
            month = None
        if month and given not in dict(months):
            months.insert(0, (given, month_label(month)))
        return months

    def territory_choices(self):
        """Régions with their départements, and the territory asked for if it is neither."""
        rows = list(
            Territory.objects.filter(
                kind__in=[Kind.REGION, Kind.DEPARTEMENT], zone__in=[Zone.METRO, Zone.DROM]
            ).order_by("kind", "code")
        )
        regions = collation.sorted_by((t for t in rows if t.kind == Kind.REGION), key="name")
        departements = [t for t in rows if t.kind == Kind.DEPARTEMENT]
        choices = [
            (
                region.name,
                [
                    (region.key, f"{region.name} (toute la région)"),
                    *((d.key, d.label) for d in departements if d.parent_id == region.pk),
                ],
            )
            for region in regions
        ]
        kind, _, code = self._given("territoire").partition(":")
        local = code and kind in Kind.values and kind not in (Kind.REGION, Kind.DEPARTEMENT)
        if local and (asked := Territory.objects.filter(kind=kind, code=code).select_related("parent").first()):
            choices.insert(0, (asked.key, asked.label))
        return choices

    def filters(self):
        """The filters understood, for services.agenda.filtered: a bad one is ignored, the others apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def bad_filters(self):
        """(label, message) of each filter ignored because its value is not understood."""
        return [(self.fields[name].label, " ".join(errors)) for name, errors in self.errors.items()]


class CommuneField(TerritoryLinesField):
    """One commune (or municipal arrondissement), typed by name, INSEE code or postcode."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, kinds=(Kind.COMMUNE, Kind.ARRONDISSEMENT), **kwargs)

    def clean(self, value):
        if value and "\n" in value.strip():
            raise forms.ValidationError("Indiquez une seule commune.")
        territories = super().clean(value)
        return territories[0] if territories else None


class RegistrationForm(BaseForm):
    """What a person gives to register; seen by the organising centre and the national animation only,
    and erased later."""

    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Format attendu : nom@domaine.fr. Le lien de confirmation y sera envoyé.",
    )
    function = forms.ModelChoiceField(
        label="Fonction",
        queryset=Concept.objects.in_scheme(Scheme.FUNCTIONS),
        required=False,
        empty_label="Autre ou non précisée",
    )
    organisation = forms.CharField(
        label="Structure", max_length=200, help_text="Votre employeur ou l'organisation pour laquelle vous venez."
    )
    territory = CommuneField(
        label="Commune d'intervention",
        required=False,
        max_length=100,
        help_text="Nom, code INSEE ou code postal, ex. Saint-Denis (93).",
    )
    consent = forms.BooleanField(
        label="J'accepte que ces informations soient utilisées pour mon inscription.",
        error_messages={"required": "Cochez cette case pour vous inscrire : sans votre accord, rien n'est enregistré."},
    )

    AUTOCOMPLETE = {
        "first_name": "given-name",
        "last_name": "family-name",
        "email": "email",
        "organisation": "organization",
        "territory": "off",
    }

    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, purpose in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = purpose
        self.fields["territory"].widget.attrs.update(
            {
                "list": "registration-territory-suggestions",
                "data-autocomplete": "communes",
                "data-autocomplete-url": reverse("territories:autocomplete"),
            }
        )
        centre = target.centre.display_name if target is not None else "le centre organisateur"
        months = settings.PASSERELLES["REGISTRATION_RETENTION_MONTHS"]
        # The hint is shown as HTML by the DSFR field template: the centre's name is escaped here.
        self.fields["consent"].help_text = format_html(
            "Vos nom, prénom, adresse électronique, fonction, structure et commune servent à {} à gérer votre "
            "inscription : confirmation, rappel la veille, liste d'attente, liste des participants et attestation "
            "de présence. Ils sont vus par le centre organisateur et par l'animation nationale du réseau, et ne "
            "sont jamais publiés. Sans confirmation de votre part, ils sont effacés {} heures après l'envoi ; "
            "sinon, {} mois après la session, seuls des décomptes anonymes étant conservés. Le lien personnel "
            "reçu par courriel vous permet à tout moment d'annuler votre inscription, d'obtenir une copie de vos "
            "données et de les faire effacer.",
            centre,
            settings.PASSERELLES["PENDING_REGISTRATION_HOURS"],
            months,
        )
        self["consent"].help_text = self.fields["consent"].help_text  # the bound field copied the old one

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def person(self):
        """What the registration service takes."""
        return {
            name: self.cleaned_data[name]
            for name in ("first_name", "last_name", "email", "function", "organisation", "territory", "consent")
        }
