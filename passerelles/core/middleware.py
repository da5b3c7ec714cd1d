from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

from .text import has_forbidden

# The OAI-PMH endpoint answers its own errors, as XML (badArgument), which harvesters understand.
OWN_ERRORS = {"/oai"}


class RejectControlCharactersMiddleware:
    """A control character (NUL included) in the address or a URL parameter is never typed by a
    person, and PostgreSQL, XML and calendars refuse some of them: answer 400 in French before any
    view reads them. Submitted forms are not refused but cleaned, by the forms (core.forms): a
    pasted vertical tab is nobody's fault, and a 400 would lose what the person typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in OWN_ERRORS:
            return self.get_response(request)
        parameters = [text for key, values in request.GET.lists() for text in (key, *values)]
        if has_forbidden(request.path) or any(has_forbidden(text) for text in parameters):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)
