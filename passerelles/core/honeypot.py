"""A field people never see, for the public forms: a robot that fills every field fills it too.
The form then answers as if it had worked, and nothing is stored or sent (the robot learns nothing).

In a form's template: `{% include "core/honeypot.html" %}`; in its view: `if honeypot.caught(request)`.
Hidden by the stylesheet (the CSP forbids inline styles), out of the tab order and of assistive
technologies, never filled in by the browser."""

FIELD = "site_web"


def caught(request):
    return bool(request.POST.get(FIELD, "").strip())
