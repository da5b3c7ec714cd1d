from django import forms
from django.utils import timezone

from passerelles.core.forms import BaseForm

from .enums import Criterion, Funder

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


class ScenarioForm(BaseForm):
    """A formula to try: the envelope, the base per centre, a weight per criterion, the overseas
    coefficient, one floor and one ceiling for every centre, and the year of the activity counted."""

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

    def clean(self):
        data = super().clean()
        if data.get("ceiling") is not None and data.get("floor") is not None and data["ceiling"] < data["floor"]:
            self.add_error("ceiling", "Le plafond doit être au moins égal au plancher.")
        return data

    def setting_fields(self):
        return [field for field in self if not field.name.startswith("weight_")]

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
