from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from passerelles.core.forms import BaseForm


class SignInForm(BaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class ResetRequestForm(BaseForm):
    """Only reads the address: password_reset.request_reset does the rest (never Django's direct send)."""

    email = forms.EmailField(
        label="Adresse électronique", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NewPasswordForm(BaseForm, SetPasswordForm):
    pass
