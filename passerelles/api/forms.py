from django import forms
from django.utils import timezone

from passerelles.core.forms import DATE_INPUT, BaseForm


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.centre.display_name} — {obj.get_role_display()}"


class TokenForm(BaseForm):
    """A new API token: what it is for, which of the person's roles it carries, until when."""

    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître dans la liste : l'outil qui l'utilise, par exemple « Site du centre ».",
        error_messages={"required": "Donnez un nom au jeton."},
    )
    membership = MembershipChoiceField(
        label="Centre et rôle",
        queryset=None,
        help_text="Le jeton agit avec ce rôle, dans ce centre seulement.",
        error_messages={
            "required": "Choisissez le centre et le rôle du jeton.",
            "invalid_choice": "Choisissez un de vos rôles dans un centre.",
        },
    )
    last_day = forms.DateField(
        label="Valable jusqu'au (inclus)",
        required=False,
        widget=DATE_INPUT,
        help_text="Laisser vide pour un jeton sans date d'expiration (vous pourrez toujours le révoquer).",
        error_messages={"invalid": "Saisissez une date valide, par exemple 31/12/2027."},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = memberships.select_related("centre")
        field.empty_label = None

    def clean_last_day(self):
        last_day = self.cleaned_data["last_day"]
        if last_day is not None and last_day <= timezone.localdate():
            raise forms.ValidationError("Choisissez une date postérieure à aujourd'hui.")
        return last_day
