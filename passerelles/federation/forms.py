from django import forms

from passerelles.centres.forms import CentreContentForm
from passerelles.core.forms import BaseForm

from .models import FeedSource
from .services.fetch import FeedError, check_address


class FeedSourceForm(CentreContentForm, BaseForm, forms.ModelForm):
    url = forms.URLField(
        label="Adresse du flux",
        max_length=1000,
        assume_scheme="https",
        help_text="L'adresse publique du flux sur le site du centre (http ou https), par exemple "
        "https://www.exemple.fr/agenda.ics ou https://www.exemple.fr/actualites/feed.",
        error_messages={"invalid": "Saisissez une adresse web complète, commençant par http:// ou https://."},
    )

    class Meta:
        model = FeedSource
        fields = ["centre", "kind", "label", "url", "active"]
        help_texts = {
            "label": "Le nom sous lequel le flux apparaît dans votre liste, par exemple « Agenda du site ».",
            "active": "Décochez pour suspendre la moisson automatique ; ce qui a été moissonné est masqué de l'agenda.",
        }

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            check_address(url, unknown_ok=True)
        except FeedError as error:
            raise forms.ValidationError(str(error)) from None
        return url
