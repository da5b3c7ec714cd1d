from django import forms
from django.utils import timezone

from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.core.forms import BaseForm

from .enums import Criterion, Funder
from .services.allocation import euros
from .services.cofinancing import FIRST_YEAR, years_open

# Where a simulation starts: values to adjust, not a decision.
STARTING_WEIGHTS = {
    Criterion.POPULATION: 1,
    Criterion.QPV_POPULATION: 3,
    Criterion.QPV: 1,
    Criterion.CONTRACT_EPCI: 0,
    Criterion.CONTRACT_COMMUNES: 0,
    Criterion.DEPARTEMENTS: 1,
    Criterion.HALF_DAYS: 2,
}
MAX_EUROS = 1_000_000_000


def starting_year():
    return timezone.localdate().year - 1


def starting_values(figures):
    """Values to start from; a criterion no centre has figures for (no QPV list, no contrats de ville
    loaded) starts with a zero weight."""
    weights = {
        criterion: weight if any(figure.values.get(criterion) for figure in figures) else 0
        for criterion, weight in STARTING_WEIGHTS.items()
    }
    return {
        "year": starting_year(),
        "envelope": 5_000_000,
        "base": 40_000,
        "overseas_coefficient": "1.3",
        "floor": 0,
        **{f"weight_{criterion.value}": weight for criterion, weight in weights.items()},
    }


def weight(criterion):
    return forms.IntegerField(label=f"Poids : {criterion.label}", min_value=0, max_value=1000)


def shared_centres():
    """(slug, name) of the centres the envelope is shared among (those covering territories, as
    services.figures reads them), in the order of the figures: by name."""
    centres = Centre.objects.filter(status__in=COVERING_STATUSES).only("slug", "name", "short_name")
    return [(centre.slug, centre.display_name) for centre in collation.sorted_by(centres, key="display_name")]


def floor_field(name):
    return forms.IntegerField(label=f"Plancher : {name} (€)", min_value=0, max_value=MAX_EUROS, required=False)


def ceiling_field(name):
    return forms.IntegerField(label=f"Plafond : {name} (€)", min_value=1, max_value=MAX_EUROS, required=False)


class ScenarioForm(BaseForm):
    """A formula to try: the envelope, the base per centre, a weight per criterion, the overseas
    coefficient, a floor and a ceiling for every centre (the general ones, or a centre's own:
    `floor_<slug>`, `ceiling_<slug>`, empty for the general one), and the year of the activity counted."""

    SETTINGS = ("year", "envelope", "base", "overseas_coefficient", "floor", "ceiling")

    year = forms.IntegerField(label="Année de l'activité comptée", min_value=2000, max_value=2100)
    envelope = forms.IntegerField(label="Enveloppe de l'État (€)", min_value=1, max_value=MAX_EUROS)
    base = forms.IntegerField(label="Base par centre (€)", min_value=0, max_value=MAX_EUROS)
    overseas_coefficient = forms.DecimalField(
        label="Coefficient ultramarin",
        min_value=0,
        max_value=10,
        max_digits=4,
        decimal_places=2,
        localize=True,
        help_text="Multiplie les chiffres des centres ultramarins : 1 les compte comme les autres.",
    )
    floor = forms.IntegerField(label="Plancher par centre (€)", min_value=0, max_value=MAX_EUROS)
    ceiling = forms.IntegerField(
        label="Plafond par centre (€)",
        min_value=1,
        max_value=MAX_EUROS,
        required=False,
        help_text="Vide : sans plafond.",
    )

    weight_population = weight(Criterion.POPULATION)
    weight_qpv_population = weight(Criterion.QPV_POPULATION)
    weight_qpv = weight(Criterion.QPV)
    weight_contract_epci = weight(Criterion.CONTRACT_EPCI)
    weight_contract_communes = weight(Criterion.CONTRACT_COMMUNES)
    weight_departements = weight(Criterion.DEPARTEMENTS)
    weight_half_days = weight(Criterion.HALF_DAYS)

    def __init__(self, *args, centres=None, **kwargs):
        # The per-centre bounds join the declared fields before the form is built, so that they are
        # cleaned and drawn as the others are.
        self.centres = shared_centres() if centres is None else centres
        self.base_fields = dict(type(self).base_fields)
        for slug, name in self.centres:
            self.base_fields[f"floor_{slug}"] = floor_field(name)
            self.base_fields[f"ceiling_{slug}"] = ceiling_field(name)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("ceiling") is not None and data.get("floor") is not None and data["ceiling"] < data["floor"]:
            self.add_error("ceiling", "Le plafond doit être au moins égal au plancher.")
        for slug, name in self.centres:
            own_floor, own_ceiling = data.get(f"floor_{slug}"), data.get(f"ceiling_{slug}")
            if own_floor is None and own_ceiling is None:
                continue
            floor, ceiling = self._bounds(data, slug)
            if floor is not None and ceiling is not None and ceiling < floor:
                self.add_error(
                    f"ceiling_{slug}" if own_ceiling is not None else f"floor_{slug}",
                    f"Le plancher et le plafond de « {name} » sont incohérents : "
                    f"son plafond doit être au moins égal à son plancher ({euros(floor)}).",
                )
        return data

    @staticmethod
    def _bounds(data, slug):
        floor, ceiling = data.get(f"floor_{slug}"), data.get(f"ceiling_{slug}")
        return (data.get("floor") if floor is None else floor, data.get("ceiling") if ceiling is None else ceiling)

    def bounds(self, slug):
        """(floor, ceiling) of a centre: its own, or the general ones (ceiling None: none)."""
        return self._bounds(self.cleaned_data, slug)

    def own_bounds(self):
        """(name, floor, ceiling) of each centre given bounds of its own."""
        given = self.cleaned_data
        return [
            (name, *self.bounds(slug))
            for slug, name in self.centres
            if given.get(f"floor_{slug}") is not None or given.get(f"ceiling_{slug}") is not None
        ]

    def centre_bound_rows(self):
        """(floor field, ceiling field) of each centre, for the page."""
        return [(self[f"floor_{slug}"], self[f"ceiling_{slug}"]) for slug, _ in self.centres]

    def centre_bounds_given(self):
        """How many centres have bounds of their own typed in (valid or not)."""
        return sum(1 for slug, _ in self.centres if self.data.get(f"floor_{slug}") or self.data.get(f"ceiling_{slug}"))

    def centre_bounds_have_errors(self):
        return any(name.startswith(("floor_", "ceiling_")) for name in self.errors)

    def values(self):
        """The formula as text (what the simulator's address holds, what a scenario keeps): every
        general field, and the per-centre bounds given."""
        return {
            name: self.data.get(name, "")
            for name in self.fields
            if name in type(self).base_fields or self.data.get(name, "")
        }

    def setting_fields(self):
        return [self[name] for name in self.SETTINGS]

    def weight_fields(self):
        return [self[f"weight_{criterion.value}"] for criterion in Criterion]

    def weights(self):
        return {criterion.value: self.cleaned_data[f"weight_{criterion.value}"] for criterion in Criterion}


def amount(funder):
    return forms.IntegerField(
        label=f"{funder.label[0].upper()}{funder.label[1:]} (€)", min_value=0, max_value=MAX_EUROS, required=False
    )


class FundingForm(BaseForm):
    """A centre's funding for one year, funder by funder, in whole euros; empty: not a funder."""

    writes = True  # a post with none of the amounts clears nothing

    state_anct = amount(Funder.STATE_ANCT)
    state_other = amount(Funder.STATE_OTHER)
    region = amount(Funder.REGION)
    departement = amount(Funder.DEPARTEMENT)
    epci = amount(Funder.EPCI)
    commune = amount(Funder.COMMUNE)
    caf = amount(Funder.CAF)
    ars = amount(Funder.ARS)
    europe = amount(Funder.EUROPE)
    other = amount(Funder.OTHER)

    def amounts(self):
        return {funder.value: self.cleaned_data.get(funder.value) for funder in Funder}


class SaveForm(BaseForm):
    name = forms.CharField(label="Nom du scénario", max_length=200)


class PublishForm(BaseForm):
    """A scenario published as a year's allocation, with the method that chose it."""

    year = forms.IntegerField(label="Année de la répartition")
    method = forms.CharField(
        label="Méthode",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Comment et pourquoi cette formule a été choisie : publié avec la répartition, lu de tous.",
    )
    replace = forms.BooleanField(
        label="Remplacer la répartition déjà publiée pour cette année, s'il y en a une",
        required=False,
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year not in years_open():
            raise forms.ValidationError(f"Choisissez une année de {FIRST_YEAR} à l'an prochain.")
        return year
