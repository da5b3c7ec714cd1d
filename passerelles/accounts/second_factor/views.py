"""The second-factor steps after the password: enrolment (QR code, first code, recovery codes) and
verification (a code of the application or a recovery code); recovery codes from « Mon compte »."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_POST

from passerelles.core.downloads import as_download
from passerelles.core.redirects import local_path

from ..permissions import needs_second_factor
from . import services
from .forms import EnrolmentForm, RecoveryCodeForm, VerificationForm

NEW_CODES = "passerelles_new_recovery_codes"  # shown until the person says they kept them


def next_url(request):
    """Where the person was going before the second factor (a page of this site only)."""
    return local_path(request, request.POST.get("next") or request.GET.get("next")) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )


def step_url(name, next_):
    """As redirect_to_login writes it: the next page after the step."""
    query = QueryDict(mutable=True)
    query["next"] = next_
    return f"{reverse(name)}?{query.urlencode(safe='/')}"


def passed(request, device):
    """The session has passed the second factor with `device` (django-otp), under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


@login_required
def enrol(request):
    user, next_ = request.user, next_url(request)
    if not needs_second_factor(user):
        return redirect(next_)
    if services.is_enrolled(user):
        return redirect(next_ if user.is_verified() else step_url("accounts:second_factor_verify", next_))
    device = services.pending_authenticator(user)
    form = EnrolmentForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.refresh_from_db()
        passed(request, device)
        request.session[NEW_CODES] = services.new_recovery_codes(user)
        return redirect(step_url("accounts:recovery_codes", next_))
    context = {
        "form": form,
        "next": next_,
        "qr_code": services.qr_code_svg(device),
        "secret": services.secret_text(device),
    }
    return render(request, "accounts/second_factor/enrol.html", context)


@login_required
def verify(request):
    user, next_ = request.user, next_url(request)
    if user.is_verified():
        return redirect(next_)
    if not services.is_enrolled(user):
        return redirect(step_url("accounts:second_factor_enrol", next_))
    code_form = VerificationForm(request.POST if "code" in request.POST else None, user=user)
    recovery_form = RecoveryCodeForm(request.POST if "recovery_code" in request.POST else None, user=user)
    for form in (code_form, recovery_form):
        if form.is_bound and form.is_valid():
            passed(request, form.device)
            if form.recovery:
                left = services.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    f"Vous vous êtes connecté·e avec un code de secours ; il vous en reste {left}. "
                    "Générez-en de nouveaux depuis « Mon compte » si vous avez perdu votre application.",
                )
            return redirect(next_)
    context = {"code_form": code_form, "recovery_form": recovery_form, "next": next_}
    return render(request, "accounts/second_factor/verify.html", context)


@login_required
def recovery_codes(request):
    """The new recovery codes, until the person says they kept them."""
    next_ = next_url(request)
    if request.method == "POST":
        request.session.pop(NEW_CODES, None)
        return redirect(next_)
    context = {"codes": request.session.get(NEW_CODES), "next": next_}
    return render(request, "accounts/second_factor/recovery_codes.html", context)


@login_required
def recovery_codes_download(request):
    codes = request.session.get(NEW_CODES)
    if not codes:
        return redirect("accounts:recovery_codes")
    text = "\n".join(
        [
            f"Passerelles — codes de secours de {request.user.email}",
            "Chaque code sert une seule fois, à la place du code de votre application d'authentification.",
            "",
            *codes,
            "",
        ]
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    return as_download(response, "passerelles-codes-de-secours.txt")


@login_required
@require_POST
def new_recovery_codes(request):
    if not services.is_enrolled(request.user):
        return redirect("accounts:second_factor_enrol")
    request.session[NEW_CODES] = services.new_recovery_codes(request.user)
    messages.success(request, "De nouveaux codes de secours ont été créés ; les précédents ne fonctionnent plus.")
    return redirect(step_url("accounts:recovery_codes", reverse("accounts:profile")))
