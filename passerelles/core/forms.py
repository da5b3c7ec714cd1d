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


class LinesField(forms.CharField):
    """Several things typed one per line. `resolve_line` turns a line into its object or raises a
    ValidationError; every bad line is reported at once, repeated ones are kept once."""

    widget = forms.Textarea(attrs={"rows": 3})

    def resolve_line(self, line):
        raise NotImplementedError

    def clean(self, value):
        value = super().clean(value)
        items, errors = [], []
        for line in filter(None, (line.strip() for line in (value or "").splitlines())):
            try:
                item = self.resolve_line(line)
            except forms.ValidationError as error:
                errors.extend(error.messages)
            else:
                if item not in items:
                    items.append(item)
        if errors:
            raise forms.ValidationError(errors)
        return items


class PartForm(forms.ModelForm):
    """A repeated part of a form (budget lines, partners, contributors…). Plain ModelForm, rendered by
    core/parts.html: django-dsfr's form base does not mix with inline formsets' foreign key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "fr-checkbox" if isinstance(field.widget, forms.CheckboxInput) else "fr-input"
            field.widget.attrs.setdefault("class", css)
