from django import forms
from dsfr.forms import DsfrBaseForm


class BaseForm(DsfrBaseForm):
    """DSFR forms whose widgets carry every attribute the DSFR field templates read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not hasattr(field.widget, "group_class"):
                field.widget.group_class = ""


class TransitionForm(BaseForm):
    """The comment that goes with a workflow step (required to return content to its author)."""

    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
