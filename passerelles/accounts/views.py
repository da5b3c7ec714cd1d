from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from passerelles.core import collation, honeypot, personal_links
from passerelles.core.clients import client_ip
from passerelles.core.throttle import Throttled

from . import password_reset
from .forms import NewPasswordForm, ResetRequestForm, SignInForm
from .password_reset import request_reset
from .permissions import Action, can, centres_where, needs_second_factor
from .second_factor import services as second_factor


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class ResetRequestView(auth_views.PasswordResetView):
    """The same answer for any address (see password_reset); 429 with the form when limited."""

    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if honeypot.caught(self.request):  # a robot: the usual answer, nothing queued
            return HttpResponseRedirect(self.get_success_url())
        try:
            request_reset(form.cleaned_data["email"], client_ip(self.request), self.request.build_absolute_uri)
        except Throttled as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args, **kwargs):
        """A link that leads nowhere gets the personal links' page: 410 when it expired, else 404."""
        response = super().dispatch(*args, **kwargs)
        if self.validlink or response.status_code == 302:  # a good link goes on to its form, token hidden
            return response
        expired = password_reset.link_expired(self.user, kwargs["token"])
        return personal_links.refusal(self.request, "password_reset", expired=expired)


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request):
    memberships = collation.sorted_by(
        request.user.memberships.select_related("centre"), key=lambda membership: membership.centre.name
    )
    status = second_factor.status(request.user)
    shown = needs_second_factor(request.user) or status.authenticator
    context = {
        "memberships": memberships,
        "second_factor": status if shown else None,
        "may_animate": can(request.user, Action.MANAGE_NETWORK),
        "may_report": centres_where(request.user, Action.REPORT_TO_NETWORK).exists(),
    }
    return render(request, "accounts/profile.html", context)
