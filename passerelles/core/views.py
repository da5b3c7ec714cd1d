from django.shortcuts import render


def csrf_failure(request, reason=""):
    """The CSRF refusal in French (Django's own page is in English)."""
    return render(request, "403_csrf.html", status=403)
