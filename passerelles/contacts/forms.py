"""The forms of the contacts pages: a contact with its consent records, the list's filters, a group,
a merge, an import. Each form is given the centre it works in and offers only that centre's rows."""

from django import forms

from passerelles.core.forms import DATETIME_INPUT, BaseForm, PartForm
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .enums import GroupKind, OnDuplicate, Purpose
from .models import ConsentRecord, Contact, Group
from .services.lookups import NotFound, resolve_territory


class TerritoryField(forms.CharField):
    """One territory typed by key, official code or name (services.lookups.resolve_territory)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            from passerelles.territories.models import Territory

            value = Territory.objects.filter(pk=value).select_related("parent").first()
        return value.key if hasattr(value, "key") else value

    def clean(self, value):
        value = super().clean(value)
        try:
            return resolve_territory(value)
        except NotFound as error:
            raise forms.ValidationError(str(error).capitalize() + ".") from error


def functions():
    return Concept.objects.in_scheme(Scheme.FUNCTIONS)


def themes():
    return Concept.objects.themes()


TERRITORY_HELP = (
    "Code officiel (INSEE d'une commune, numéro de département, SIREN d'un EPCI, code d'un quartier "
    "prioritaire) ou nom, ex. Brest, Saint-Denis (93), Finistère, departement:29."
)


class ContactForm(BaseForm, forms.ModelForm):
    territory = TerritoryField(label="Territoire", required=False, help_text=TERRITORY_HELP)

    class Meta:
        model = Contact
        fields = ["last_name", "first_name", "email", "function", "organisation", "territory", "themes", "notes"]
        widgets = {"themes": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.fields["function"].queryset = functions()
        self.fields["function"].empty_label = "Non précisée"
        self.fields["themes"].queryset = themes()
        self.fields[
            "email"
        ].help_text = "Format attendu : nom@domaine.fr. Une adresse ne figure qu'une fois par centre."

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = Contact.objects.of_centre(self.centre).filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Cette adresse est déjà celle d'un contact du centre : fusionnez plutôt.")
        return email

    @property
    def groups(self):
        return [
            ("Identité", [self["last_name"], self["first_name"], self["email"]]),
            ("Fonction et territoire", [self["function"], self["organisation"], self["territory"], self["themes"]]),
            ("Notes", [self["notes"]]),
        ]


class ConsentForm(PartForm):
    class Meta:
        model = ConsentRecord
        fields = ["purpose", "given", "recorded_at", "source", "proof"]
        widgets = {"recorded_at": DATETIME_INPUT, "proof": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        self.fields["purpose"].widget.attrs["class"] = "fr-select"


def consent_formset(data=None, instance=None):
    factory = forms.inlineformset_factory(
        Contact, ConsentRecord, form=ConsentForm, extra=1, can_delete=True, max_num=50, validate_max=True
    )
    formset = factory(data, instance=instance, prefix="consents")
    formset.legend = "Consentements (finalité, date, source, preuve)"
    formset.column_width = 2
    return formset


CONSENT_CHOICES = [("", "Tous"), *((p.value, f"Accord : {p.label}") for p in Purpose)]


class FilterForm(BaseForm):
    """The list's filters, read from the address; a bad value is reported and ignored."""

    q = forms.CharField(
        label="Rechercher un contact",
        required=False,
        max_length=100,
        help_text="Début des mots du nom, de l'adresse ou de la structure",
    )
    fonction = forms.ModelChoiceField(
        label="Fonction",
        queryset=Concept.objects.none(),
        to_field_name="notation",
        required=False,
        empty_label="Toutes les fonctions",
    )
    theme = forms.ModelChoiceField(
        label="Thème",
        queryset=Concept.objects.none(),
        to_field_name="notation",
        required=False,
        empty_label="Tous les thèmes",
    )
    territoire = TerritoryField(label="Territoire (et ce qu'il contient)", required=False, help_text="Code ou nom")
    groupe = forms.ModelChoiceField(
        label="Groupe", queryset=Group.objects.none(), required=False, empty_label="Tous les groupes"
    )
    consentement = forms.ChoiceField(label="Consentement", choices=CONSENT_CHOICES, required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fonction"].queryset = functions()
        self.fields["theme"].queryset = themes()
        self.fields["groupe"].queryset = Group.objects.filter(centre=centre)

    def filters(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields if name in self.cleaned_data}

    def bad_filters(self):
        return [(self.fields[name].label, " ".join(errors)) for name, errors in self.errors.items()]


class MergeForm(BaseForm):
    """Which of two contacts' values to keep, field by field; the other contact is then deleted."""

    FIELDS = ["last_name", "first_name", "email", "function", "organisation", "territory", "notes"]

    def __init__(self, *args, first, second, **kwargs):
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        for name in self.FIELDS:
            field = Contact._meta.get_field(name)
            choices = [("1", _shown(first, name)), ("2", _shown(second, name))]
            self.fields[name] = forms.ChoiceField(
                label=str(field.verbose_name).capitalize(), choices=choices, initial="1", widget=forms.RadioSelect
            )
            self.fields[name].widget.group_class = ""

    def kept_values(self):
        """{field: the contact whose value is kept}."""
        return {name: self.first if self.cleaned_data[name] == "1" else self.second for name in self.FIELDS}


def _shown(contact, name):
    value = getattr(contact, name)
    if name == "territory" and value is not None:
        value = value.label
    return f"{value}" if value not in (None, "") else "(vide)"


class PickContactForm(BaseForm):
    other = forms.CharField(label="Doublon à fusionner", max_length=254, help_text="L'adresse électronique du doublon.")

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_other(self):
        email = self.cleaned_data["other"].strip().lower()
        others = Contact.objects.of_centre(self.contact.centre_id).exclude(pk=self.contact.pk)
        found = others.filter(email=email).first()
        if found is None:
            raise forms.ValidationError("Aucun autre contact du centre n'a cette adresse.")
        return found


class BulkAddForm(BaseForm):
    selected = forms.ModelMultipleChoiceField(
        label="Contacts choisis",
        queryset=Contact.objects.none(),
        error_messages={"required": "Cochez au moins un contact."},
    )
    group = forms.ModelChoiceField(
        label="Groupe",
        queryset=Group.objects.none(),
        error_messages={
            "required": "Choisissez un groupe.",
            "invalid_choice": "Ce groupe n'est pas une liste du centre.",
        },
    )

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = Contact.objects.of_centre(centre)
        self.fields["group"].queryset = Group.objects.filter(centre=centre, kind=GroupKind.STATIC)


class AddMembersForm(BaseForm):
    emails = forms.CharField(
        label="Adresses des contacts à ajouter",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une adresse par ligne : des contacts du centre.",
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_emails(self):
        wanted = [line.strip().lower() for line in self.cleaned_data["emails"].splitlines() if line.strip()]
        found = list(Contact.objects.of_centre(self.group.centre_id).filter(email__in=wanted))
        unknown = sorted(set(wanted) - {c.email for c in found})
        if unknown:
            raise forms.ValidationError(
                [f"« {email[:80]} » n'est l'adresse d'aucun contact du centre." for email in unknown[:20]]
            )
        return found


class GroupForm(BaseForm, forms.ModelForm):
    territories = forms.CharField(
        label="Territoires (règle)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un par ligne : " + TERRITORY_HELP,
    )

    class Meta:
        model = Group
        fields = ["name", "kind", "functions", "themes"]
        widgets = {
            "functions": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.fields["functions"].queryset = functions()
        self.fields["themes"].queryset = themes()
        self.fields["functions"].help_text = "Pour une règle : aucune case cochée, toutes les fonctions."
        self.fields["themes"].help_text = "Pour une règle : aucune case cochée, tous les thèmes."
        if self.instance.pk:
            self.fields["kind"].disabled = True
            self.initial["territories"] = "\n".join(t.key for t in self.instance.territories.all())

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        # Compared in Python: SQLite's case-insensitive comparisons ignore the case of ASCII letters only.
        others = Group.objects.filter(centre=self.centre).exclude(pk=self.instance.pk).values_list("name", flat=True)
        if name.casefold() in {other.casefold() for other in others}:
            raise forms.ValidationError("Le centre a déjà un groupe de ce nom.")
        return name

    def clean_territories(self):
        found, errors = [], []
        for line in filter(None, (line.strip() for line in self.cleaned_data["territories"].splitlines())):
            try:
                territory = resolve_territory(line)
            except NotFound as error:
                errors.append(str(error).capitalize() + ".")
            else:
                if territory not in found:
                    found.append(territory)
        if errors:
            raise forms.ValidationError(errors)
        return found

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind", self.instance.kind) != GroupKind.RULE:
            cleaned["functions"], cleaned["themes"], cleaned["territories"] = [], [], []
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.territories.set(self.cleaned_data["territories"])


class ImportForm(BaseForm):
    file = forms.FileField(
        label="Fichier CSV",
        help_text="UTF-8 (avec ou sans BOM) ou Windows-1252 (Excel) ; séparateur virgule ou point-virgule.",
    )
    on_duplicate = forms.ChoiceField(
        label="Adresse déjà connue du centre ou répétée dans le fichier",
        choices=OnDuplicate.choices,
        initial=OnDuplicate.MERGE,
        widget=forms.RadioSelect,
    )
