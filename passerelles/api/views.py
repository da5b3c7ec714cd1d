"""The account pages of API tokens: list, create (the token shown once), revoke. Only their owner
sees and revokes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from passerelles.core.errors import DomainError

from .forms import TokenForm
from .models import ApiToken
from .services import tokens


@login_required
@never_cache
def index(request):
    return render(request, "api/tokens/index.html", {"tokens": tokens.tokens_of(request.user)})


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    memberships = request.user.memberships.all()
    form = TokenForm(request.POST or None, memberships=memberships)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = tokens.create_token(request.user, data["membership"], data["name"], data["last_day"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                # Shown once, on this answer only (never_cache): nothing keeps the secret afterwards.
                return render(request, "api/tokens/created.html", {"token": created.token, "secret": created.secret})
        status = 400
    context = {"form": form, "has_memberships": memberships.exists()}
    return render(request, "api/tokens/create.html", context, status=status)


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user)  # another's token: as if it did not exist
    tokens.revoke_token(request.user, token)
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès à l'API.")
    return redirect("api_tokens:index")
