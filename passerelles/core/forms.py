from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from dsfr.forms import DsfrBaseForm

from . import collation
from .text import clean_data

# Pickers the browser draws: they send, and show back, ISO values.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def errors_text(form):
    """Every error of an invalid form on one line, for a message above a page that has no form to show."""
    return " ".join(error for errors in form.errors.values() for error in errors)


# The years a date of the site may take: year 1 or 9999 overflow at the first conversion to UTC.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def validate_year(value):
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(f"Choisissez une date entre {EARLIEST_YEAR} et {LATEST_YEAR}.", code="year_out_of_range")


# What a database integer holds: a row's number beyond it is no row (SQLite raised OverflowError
# when a checkbox list was checked with « 99999999999999999999 »).
DATABASE_INTEGERS = range(-(2**63), 2**63)


def guard_row_numbers(field: forms.ModelChoiceField) -> None:
    """A model choice field (rows by number) refuses, as an unknown choice, a number no row can have."""
    original = field.clean

    def clean(value):
        items = (value if isinstance(value, list | tuple) else [value]) if _numbered(field) else []
        for item in items:
            text = str(item).strip()
            if text.lstrip("-").isdecimal() and int(text) not in DATABASE_INTEGERS:
                raise ValidationError(field.error_messages["invalid_choice"], "invalid_choice", {"value": text[:20]})
        return original(value)

    field.clean = clean


def _numbered(field: forms.ModelChoiceField) -> bool:
    """Its rows are chosen by number (read when cleaning: a form may set the queryset after `__init__`)."""
    rows = field.queryset
    return rows is not None and not field.to_field_name and isinstance(rows.model._meta.pk, models.IntegerField)


NO_FIELD_SENT = "Le formulaire envoyé ne contient aucun de ses champs : rien n'a été enregistré. Rechargez la page."


class CleanInputMixin:
    """Every form of the site reads cleaned data (core.text): control characters removed, and the
    one-line fields (everything but text areas) on one line, so that a title or a name can break
    no calendar, feed or mail subject. A bound form shows back what it will store. Passwords are
    kept as typed: they are secrets, compared, never shown. Dates keep to years 1900–2100, row
    numbers to what a database holds. A form that writes (`writes`: model forms by default) refuses
    data with none of its fields: its optional fields would otherwise all be cleared."""

    writes: bool | None = None  # None: a model form writes, another form does not

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                field.validators.append(validate_year)
            if isinstance(field, forms.ModelChoiceField):
                guard_row_numbers(field)
        if self.is_bound:
            single_line, untouched = set(), set()
            for name, field in self.fields.items():
                if isinstance(field.widget, forms.PasswordInput):
                    untouched.add(self.add_prefix(name))
                elif not isinstance(field.widget, forms.Textarea):
                    single_line.add(self.add_prefix(name))
            self.data = clean_data(self.data, single_line, untouched)

    def full_clean(self):
        super().full_clean()
        writes = isinstance(self, forms.BaseModelForm) if self.writes is None else self.writes
        if not writes or not hasattr(self, "cleaned_data"):  # not bound, or an empty extra form
            return
        # Django's widgets know what a browser always sends (a checkbox: not when unticked).
        fields = [(name, field) for name, field in self.fields.items() if not field.disabled]
        if fields and all(
            field.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name)) for name, field in fields
        ):
            self.add_error(None, NO_FIELD_SENT)


# Django's select template with its options written inline: the same markup, faster.
SELECT_TEMPLATE = "core/widgets/select.html"


class CollatedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a model choice field in French alphabetical order of their labels (core.collation)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for obj in collation.sorted_by(queryset, key=self.field.label_from_instance):
            yield self.choice(obj)


def collate_choices(field):
    """Show a model choice field's options (themes, centres, régions…) in French alphabetical order."""
    field.iterator = CollatedChoiceIterator
    field.widget.choices = field.choices


class BaseForm(CleanInputMixin, DsfrBaseForm):
    """DSFR forms whose widgets carry every attribute the DSFR field templates read, on cleaned input.
    Their model choice fields list their options in French alphabetical order, but those named in
    `ordered_choices` (e.g. sessions, most recent first), which keep their queryset's order."""

    ordered_choices: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and name not in self.ordered_choices:
                collate_choices(field)
            if not hasattr(field.widget, "group_class"):
                field.widget.group_class = ""
            if field.widget.template_name == forms.Select.template_name:
                field.widget.template_name = SELECT_TEMPLATE


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


class PartForm(CleanInputMixin, forms.ModelForm):
    """A repeated part of a form (budget lines, partners, contributors…). Plain ModelForm, rendered by
    core/parts.html: django-dsfr's form base does not mix with inline formsets' foreign key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "fr-checkbox" if isinstance(field.widget, forms.CheckboxInput) else "fr-input"
            field.widget.attrs.setdefault("class", css)
