from django import forms

from passerelles.centres.forms import CentreContentForm
from passerelles.contacts.models import Group
from passerelles.core.forms import BaseForm

from .models import Issue


class IssueForm(CentreContentForm, BaseForm, forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["centre", "title", "editorial"]
        widgets = {"editorial": forms.Textarea(attrs={"rows": 12})}
        error_messages = {"title": {"required": "Donnez un titre à la lettre."}}


class SendForm(BaseForm):
    groups = forms.ModelMultipleChoiceField(
        label="Groupes de contacts",
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Seuls les contacts qui ont accepté de recevoir la lettre d'information la recevront.",
    )
    to_subscribers = forms.BooleanField(
        label="Les abonnés à la lettre (inscrits depuis la page du centre)", required=False, initial=True
    )

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.filter(centre=centre)
        self.fields["groups"].error_messages["invalid_choice"] = "Ce groupe n'est pas un groupe de votre centre."

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("groups") and not data.get("to_subscribers"):
            raise forms.ValidationError(
                "Choisissez au moins un groupe de contacts ou les abonnés : personne ne recevrait la lettre."
            )
        return data


class SubscribeForm(BaseForm):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Cette adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
