from django import forms

from .models import BudgetLine, ExperienceSheet, Partner, TeamRole


class PartForm(forms.ModelForm):
    """A repeated part of a sheet. Plain ModelForm (rendered by experiences/workspace/parts.html):
    django-dsfr's form base does not mix with inline formsets' foreign key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "fr-checkbox" if isinstance(field.widget, forms.CheckboxInput) else "fr-input"
            field.widget.attrs.setdefault("class", css)


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


PARTS = [
    ("budget", BudgetLine, BudgetLineForm, "Budget par financeur"),
    ("partners", Partner, PartnerForm, "Partenaires et leur rôle"),
    ("team", TeamRole, TeamRoleForm, "Équipe : fonctions et équivalents temps plein (sans nom)"),
]


def sheet_formsets(data=None, instance=None):
    """The repeated parts of a sheet: budget by funder, partners, team."""
    formsets = {}
    for prefix, model, form, legend in PARTS:
        factory = forms.inlineformset_factory(ExperienceSheet, model, form=form, extra=2, can_delete=True, max_num=30)
        formsets[prefix] = factory(data, instance=instance, prefix=prefix)
        formsets[prefix].legend = legend
    return formsets
