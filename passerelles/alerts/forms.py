from django import forms

from passerelles.core.forms import BaseForm

from .enums import ContentType, Frequency


class AlertForm(BaseForm):
    frequency = forms.ChoiceField(
        label="Fréquence de la lettre",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.WEEKLY,
        error_messages={"required": "Choisissez la fréquence : chaque semaine ou chaque mois."},
    )
    types = forms.MultipleChoiceField(
        label="Contenus à recevoir",
        choices=ContentType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un type de contenu."},
    )
