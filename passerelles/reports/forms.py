from django import forms

from passerelles.core.forms import BaseForm

from .models import Report


class HighlightsForm(BaseForm, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["highlights"]
        widgets = {"highlights": forms.Textarea(attrs={"rows": 10})}

    def clean_highlights(self):
        text = self.cleaned_data["highlights"]
        if len(text) > 20_000:
            raise forms.ValidationError("Les faits marquants tiennent en 20 000 caractères au plus.")
        return text


class CommentForm(BaseForm):
    comment = forms.CharField(
        label="Commentaire pour le centre", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
