from django import forms
from django.contrib.auth import password_validation

from passerelles.core.forms import BaseForm, CleanInputMixin
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.territories.services.lookup import resolve_commune
from passerelles.territories.text import fold
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .models import Profile

PROFILE_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE, Kind.QPV)
LARGER_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.QPV)


class TerritoryField(forms.CharField):
    """One territory typed by name (« Finistère », « Brest (29) »), INSEE code, postcode or key
    (`epci:242900314`): a commune, EPCI, département, région or quartier prioritaire."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return value.label
        if isinstance(value, int):
            found = Territory.objects.filter(pk=value).select_related("parent").first()
            return found.label if found else ""
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        kind, _, code = value.partition(":")
        found = None
        if code and kind in Kind.values:
            found = Territory.objects.filter(kind=kind, code=code).first()
        found = found or Territory.objects.filter(kind__in=LARGER_KINDS, search_name=fold(value)).first()
        found = found or resolve_commune(value).commune
        if found is None:
            raise forms.ValidationError(
                f"« {value[:60]} » : territoire introuvable ou ambigu (précisez le département, ex. Saint-Denis (93))."
            )
        if found.kind not in PROFILE_KINDS:
            found = found.parent if found.parent and found.parent.kind in PROFILE_KINDS else found
        if found.kind not in PROFILE_KINDS:
            raise forms.ValidationError("Choisissez une commune, un EPCI, un département, une région ou un QPV.")
        return found


def function_choices():
    return Concept.objects.in_scheme(Scheme.FUNCTIONS).order_by("pref_label")


def theme_choices():
    return Concept.objects.in_scheme(Scheme.THEMES).order_by("pref_label")


class ProfileFieldsMixin(CleanInputMixin, forms.Form):
    """The activity fields of a sign-up and of « Mon profil »."""

    function = forms.ModelChoiceField(label="Fonction", queryset=Concept.objects.none(), required=False)
    organisation = forms.CharField(label="Structure", max_length=200, required=False)
    territory = TerritoryField(
        label="Territoire",
        required=False,
        help_text="Commune, EPCI, département, région ou quartier prioritaire, ex. « Finistère » ou « Brest (29) ».",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes", queryset=Concept.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = function_choices()
        self.fields["themes"].queryset = theme_choices()


class SignUpForm(ProfileFieldsMixin, BaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 10 caractères, pas seulement des chiffres ni un mot de passe courant.",
    )
    password2 = forms.CharField(
        label="Mot de passe (confirmation)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "function",
        "organisation",
        "territory",
        "themes",
    ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            from django.contrib.auth import get_user_model

            stand_in = get_user_model()(
                email=data.get("email", ""), first_name=data.get("first_name", ""), last_name=data.get("last_name", "")
            )
            try:
                password_validation.validate_password(first, stand_in)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(ProfileFieldsMixin, BaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150)
    in_directory = forms.BooleanField(
        label="Figurer dans l'annuaire du réseau",
        required=False,
        help_text="Visible seulement des praticiens connectés, jamais publié ni indexé.",
    )
    show_name = forms.BooleanField(label="Mon nom", required=False)
    show_email = forms.BooleanField(label="Mon adresse électronique", required=False)
    show_function = forms.BooleanField(label="Ma fonction", required=False)
    show_organisation = forms.BooleanField(label="Ma structure", required=False)
    show_territory = forms.BooleanField(label="Mon territoire", required=False)
    show_themes = forms.BooleanField(label="Mes thèmes", required=False)
    field_order = ["first_name", "last_name", "function", "organisation", "territory", "themes"]

    VISIBILITY = ("show_name", "show_email", "show_function", "show_organisation", "show_territory", "show_themes")

    @classmethod
    def initial_for(cls, profile: Profile):
        user = profile.user
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "function": profile.function_id,
            "organisation": profile.organisation,
            "territory": profile.territory.label if profile.territory else "",
            "themes": list(profile.themes.values_list("pk", flat=True)) if profile.pk else [],
            "in_directory": profile.in_directory,
        }
        initial.update({name: getattr(profile, name) for name in cls.VISIBILITY})
        return initial

    def save(self, profile: Profile):
        data = self.cleaned_data
        user = profile.user
        user.first_name, user.last_name = data["first_name"], data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        profile.function = data["function"]
        profile.organisation = data["organisation"]
        profile.territory = data["territory"]
        profile.in_directory = data["in_directory"]
        for name in self.VISIBILITY:
            setattr(profile, name, data[name])
        profile.save()
        profile.themes.set(data["themes"])
        return profile


class DirectoryFilterForm(BaseForm):
    theme = forms.ModelChoiceField(label="Thème", queryset=Concept.objects.none(), required=False)
    territory = TerritoryField(
        label="Territoire",
        required=False,
        help_text="Commune, EPCI, département, région ou quartier prioritaire, ex. « Finistère ».",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = theme_choices()
