import re

from django import forms

from passerelles.core.forms import BaseForm

from . import services


def wait_message(error):
    seconds = f"{error.seconds} seconde{'s' if error.seconds > 1 else ''}"
    return f"Trop de codes erronés : par sécurité, attendez {seconds} avant de réessayer."


class CodeForm(BaseForm):
    """The six digits an authenticator application shows."""

    code = forms.CharField(
        label="Code à 6 chiffres",
        help_text="Le code affiché par votre application d'authentification ; il change toutes les 30 secondes.",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not services.TOTP_CODE.match(code):
            raise forms.ValidationError("Saisissez les 6 chiffres du code, sans lettre.")
        return code


class EnrolmentForm(CodeForm):
    """A first code confirms that the application holds the secret."""

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean(self):
        cleaned = super().clean()
        if "code" in cleaned:
            try:
                confirmed = services.confirm(self.device, cleaned["code"])
            except services.TooManyAttempts as error:
                raise forms.ValidationError(wait_message(error)) from None
            if not confirmed:
                self.add_error(
                    "code",
                    "Ce code ne correspond pas : vérifiez que l'application a bien enregistré le compte, "
                    "puis saisissez le code qu'elle affiche maintenant.",
                )
        return cleaned


class VerificationMixin:
    """Checks the code of the field `field` against the person's devices; `device` is the one that matched."""

    field, recovery, wrong = "", False, ""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.device = user, None

    def clean(self):
        cleaned = super().clean()
        if self.field in cleaned:
            try:
                self.device = services.verify(self.user, cleaned[self.field], self.recovery)
            except services.TooManyAttempts as error:
                raise forms.ValidationError(wait_message(error)) from None
            if self.device is None:
                self.add_error(self.field, self.wrong)
        return cleaned


class VerificationForm(VerificationMixin, CodeForm):
    field = "code"
    wrong = "Ce code n'est pas valable : saisissez le code affiché maintenant par votre application."


class RecoveryCodeForm(VerificationMixin, BaseForm):
    field, recovery = "recovery_code", True
    wrong = "Ce code de secours n'est pas valable ou a déjà servi."

    recovery_code = forms.CharField(
        label="Code de secours",
        help_text="Un des codes de secours reçus à l'activation du second facteur, par exemple « abcd-2345 ».",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
