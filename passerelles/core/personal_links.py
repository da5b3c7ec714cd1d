"""The one answer to a personal link (sent by e-mail or given to one person: a registration's page
and calendar, a confirmation, an unsubscribe or manage link, a password reset, an invitation) that
leads nowhere: 404 when the link is unknown, 410 when it was genuine but has expired. In French, it
says what happened, what to do and whom to contact (the centre when the link names one, else the
site's contact page), never a generic error page."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers


@dataclass(frozen=True)
class LinkKind:
    what: str  # the link, as the page names it
    again: str  # what to do now
    again_url: str = ""  # a URL name (reversed with the centre's slug when `with_centre`)
    again_label: str = ""
    with_centre: bool = False


KINDS = {
    "registration": LinkKind(
        "Ce lien personnel d'inscription",
        "Il ne correspond à aucune inscription : elle a pu être effacée, à votre demande ou quelques mois après "
        "la session, comme l'indique la page des données personnelles. Pour vous inscrire de nouveau, "
        "retrouvez la session dans l'agenda.",
        "events:agenda",
        "Voir l'agenda",
    ),
    "invitation": LinkKind(
        "Ce lien d'invitation",
        "Il ne correspond à aucune session ouverte sur invitation. Vérifiez que l'adresse est complète, ou "
        "demandez un nouveau lien au centre qui vous a invité.",
        "events:agenda",
        "Voir l'agenda public",
    ),
    "unsubscribe": LinkKind(
        "Ce lien de désabonnement",
        "Utilisez le lien « Se désabonner » d'un message reçu, sans le modifier, ou écrivez-nous : nous "
        "arrêterons les envois.",
    ),
    "newsletter_confirmation": LinkKind(
        "Ce lien de confirmation d'abonnement",
        "Abonnez-vous de nouveau : un nouveau lien vous sera envoyé par courriel.",
        "newsletters:subscribe",
        "S'abonner de nouveau",
        with_centre=True,
    ),
    "alerts_manage": LinkKind(
        "Ce lien de gestion de vos alertes",
        "Connectez-vous pour gérer vos alertes, ou suivez le lien de votre prochaine lettre d'alertes.",
        "alerts:mine",
        "Gérer mes alertes",
    ),
    "account_confirmation": LinkKind(
        "Ce lien de confirmation de compte",
        "Créez de nouveau votre compte avec la même adresse : un nouveau lien vous sera envoyé.",
        "practitioners:sign_up",
        "Créer mon compte",
    ),
    "password_reset": LinkKind(
        "Ce lien de changement de mot de passe",
        "Un lien ne sert qu'une fois et pour un temps limité : demandez-en un nouveau.",
        "accounts:password_reset",
        "Demander un nouveau lien",
    ),
}


class PersonalLinkRefused(Http404):
    """Raised where a personal link is read: `PersonalLinksMiddleware` answers with `refusal`."""

    def __init__(self, kind: str, *, expired: bool = False, centre: Any = None) -> None:
        super().__init__(KINDS[kind].what)
        self.kind, self.expired, self.centre = kind, expired, centre


class PersonalLinksMiddleware:
    """Turns a `PersonalLinkRefused` raised by a view into its page, with DEBUG on as in production
    (a 404 handler would only serve with DEBUG off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PersonalLinkRefused):
            return refusal(request, exception.kind, expired=exception.expired, centre=exception.centre)
        return None


def refusal(request: HttpRequest, kind: str, *, expired: bool = False, centre: Any = None) -> HttpResponse:
    """The page: 410 for a genuine link past its time, 404 for any other; not cached, not indexed."""
    link = KINDS[kind]
    again_url = ""
    if link.again_url and (centre is not None or not link.with_centre):
        again_url = reverse(link.again_url, args=[centre.slug] if link.with_centre else [])
    context = {"link": link, "expired": expired, "centre": centre, "again_url": again_url}
    response = render(request, "core/personal_link.html", context, status=410 if expired else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def expired_data(token: str, *, salt: str, max_age: timedelta | int) -> Any:
    """What a genuine signed link past its `max_age` carries (to name the centre it concerns), or
    None when the link is not expired but unknown (tampered, truncated, another site's)."""
    try:
        signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        return signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return None
