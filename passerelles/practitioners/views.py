"""Practitioners' pages: opening an account (double opt-in), « Mon profil », the directory."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from passerelles.core import honeypot, personal_links, throttle
from passerelles.core.redirects import local_path

from .forms import DirectoryFilterForm, ProfileForm, SignUpForm
from .models import Profile
from .services import accounts
from .services import directory as directory_service

PAGE_SIZE = 20

SIGN_UP_CLIENT_LIMIT = "Trop de demandes d'ouverture de compte depuis votre connexion : réessayez dans {wait}."
SIGN_UP_RECIPIENT_LIMIT = (
    "Trop de demandes d'ouverture de compte pour cette adresse : réessayez dans {wait}. "
    "Consultez les courriels déjà reçus à cette adresse."
)


def no_robots(response):
    """Personal pages: never indexed, whatever robots.txt says."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request):
    next_url = local_path(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or "practitioners:profile")
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            throttle.check_client(request, "SIGN_UP_CLIENT", SIGN_UP_CLIENT_LIMIT)
            if form.is_valid():
                if honeypot.caught(request):  # a robot: the usual answer, nothing stored or sent
                    return redirect("practitioners:sign_up_sent")
                data = form.cleaned_data
                throttle.check("SIGN_UP_RECIPIENT", data["email"], SIGN_UP_RECIPIENT_LIMIT)
                account = accounts.NewAccount(
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    function=data["function"],
                    organisation=data["organisation"],
                    territory=data["territory"],
                    themes=data["themes"],
                )
                accounts.sign_up(account, request.build_absolute_uri, next_url)
                return redirect("practitioners:sign_up_sent")
            form.set_autofocus_on_first_error()
            status = 400
        except throttle.Throttled as refusal:
            form.add_error(None, refusal.message)
            status = 429
    return render(request, "practitioners/sign_up.html", {"form": form, "next": next_url}, status=status)


def sign_up_sent(request):
    return render(request, "practitioners/sign_up_sent.html", {"days": accounts.CONFIRMATION_DAYS})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link of the confirmation e-mail: a page with a button (mail scanners that open links
    confirm nothing); the button activates the account and signs the person in."""
    try:
        profile, next_url = accounts.read_confirmation(token)
    except accounts.InvalidConfirmation:
        return personal_links.refusal(request, "account_confirmation", expired=accounts.confirmation_expired(token))
    if request.method == "POST":
        if accounts.confirm(profile):
            profile.user.refresh_from_db()
            login(request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Votre compte est ouvert. Bienvenue sur Passerelles !")
            return redirect(local_path(request, next_url) or "practitioners:profile")
        messages.info(request, "Ce compte est déjà confirmé : connectez-vous.")
        return redirect("accounts:login")
    return no_robots(render(request, "practitioners/confirm.html", {"email": profile.user.email}))


def profile_of(user):
    """The person's practitioner profile, made at first visit for accounts opened otherwise (staff)."""
    profile, _ = Profile.objects.select_related("user", "territory__parent", "function").get_or_create(
        user=user, defaults={"confirmed_at": user.date_joined}
    )
    return profile


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_profile(request):
    profile = profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                form.save(profile)
            messages.success(request, "Votre profil est enregistré.")
            return redirect("practitioners:profile")
        form.set_autofocus_on_first_error()
        status = 400
    else:
        form, status = ProfileForm(initial=ProfileForm.initial_for(profile)), 200
    return no_robots(render(request, "practitioners/profile.html", {"form": form, "profile": profile}, status=status))


@login_required
@require_safe
def directory(request):
    """Signed-in people only (anyone else is sent to the sign-in page, which shows nothing of it);
    never indexed."""
    form = DirectoryFilterForm(request.GET or None)
    theme = territory = None
    if form.is_bound and form.is_valid():
        theme, territory = form.cleaned_data["theme"], form.cleaned_data["territory"]
    people = directory_service.listed(theme, territory) if not form.errors else Profile.objects.none()
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [directory_service.card(profile) for profile in page]
    context = {"form": form, "page": page, "cards": cards, "own": profile_of(request.user)}
    return no_robots(render(request, "practitioners/directory.html", context, status=400 if form.errors else 200))
