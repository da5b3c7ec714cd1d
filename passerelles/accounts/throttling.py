"""Sign-in throttling (django-axes) keyed on the e-mail as the person typed it, case folded, so
that "Nom@Exemple.fr" and "nom@exemple.fr" share one counter."""

from django.conf import settings
from django.shortcuts import render

from passerelles.core.text import clean_text


def username_of(request, credentials):
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get(
        settings.AXES_USERNAME_FORM_FIELD, ""
    )
    return clean_text(value).strip().lower()  # as the sign-in form reads it, NUL removed


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
