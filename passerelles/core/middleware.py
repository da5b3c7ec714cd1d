from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


class RejectNulBytesMiddleware:
    """A NUL character in a URL parameter or a form value is never legitimate, and PostgreSQL
    refuses it in text: answer 400 in French instead of failing further down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [*request.GET.lists()]
        if request.method == "POST" and request.content_type != "multipart/form-data":
            values += [*request.POST.lists()]
        if "\x00" in request.path or any("\x00" in k or any("\x00" in v for v in vs) for k, vs in values):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)
