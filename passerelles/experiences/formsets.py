from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format

from passerelles.core.forms import PartForm

from .models import BudgetLine, ExperienceSheet, Partner, TeamRole


class BudgetLineForm(PartForm):
    class Meta:
        model = BudgetLine
        fields = ["funder", "amount"]


class PartnerForm(PartForm):
    class Meta:
        model = Partner
        fields = ["name", "role"]


class TeamRoleForm(PartForm):
    class Meta:
        model = TeamRole
        fields = ["role", "fte"]


class BudgetFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("amount") or 0
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        )
        budget = self.instance.budget_amount
        if budget is not None and total > budget:
            raise ValidationError(
                f"La somme des financeurs ({number_format(total, 0, force_grouping=True)} €) dépasse le budget "
                f"global ({number_format(budget, 0, force_grouping=True)} €)."
            )


PARTS = [
    ("budget", BudgetLine, BudgetLineForm, "Budget par financeur"),
    ("partners", Partner, PartnerForm, "Partenaires et leur rôle"),
    ("team", TeamRole, TeamRoleForm, "Équipe : fonctions et équivalents temps plein (sans nom)"),
]


def sheet_formsets(data=None, instance=None):
    """The repeated parts of a sheet: budget by funder, partners, team."""
    formsets = {}
    for prefix, model, form, legend in PARTS:
        factory = forms.inlineformset_factory(
            ExperienceSheet,
            model,
            form=form,
            extra=2,
            can_delete=True,
            max_num=30,
            formset=BudgetFormSet if prefix == "budget" else forms.BaseInlineFormSet,
        )
        formsets[prefix] = factory(data, instance=instance, prefix=prefix)
        formsets[prefix].legend = legend
        formsets[prefix].column_width = 5
    return formsets
