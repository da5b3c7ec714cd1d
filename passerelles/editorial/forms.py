from django import forms

from passerelles.core.forms import BaseForm


class TransitionForm(BaseForm):
    """The comment that goes with a workflow step (required to return content to its author)."""

    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
