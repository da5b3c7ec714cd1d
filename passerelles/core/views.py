from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import jobs, mail, personal_links
from .models import Job


def csrf_failure(request, reason=""):
    """The CSRF refusal in French (Django's own page is in English)."""
    return render(request, "403_csrf.html", status=403)


@csrf_exempt  # the signed token is the authority; mail clients POST without a session (RFC 8058)
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation (a link checker must not unsubscribe anyone); a POST, even bare
    (`List-Unsubscribe=One-Click`), unsubscribes. A bad token says so and reveals nothing."""
    data = mail.read_unsubscribe_token(token)
    if data is None:  # the link never expires: unknown
        return personal_links.refusal(request, "unsubscribe")
    context = {"label": data["n"], "email": data["e"]}
    if request.method == "POST":
        mail.unsubscribe(data["e"], data["l"], data["n"])
        return render(request, "core/mail/unsubscribed.html", context)
    return render(request, "core/mail/unsubscribe.html", context)


def _own_job(request, pk) -> Job:
    """The job, for the person who started it (or a superuser); anyone else gets a 404."""
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    if not (request.user.is_superuser or job.started_by_id == request.user.pk):
        raise Http404
    return job


@login_required
@never_cache
def job(request, pk):
    return render(request, "core/jobs/job.html", {"job": _own_job(request, pk)})


@login_required
@never_cache
def job_state(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            "message": job.message,
            "result_url": job.result_url,
        }
    )


@login_required
@require_POST
def stop_job(request, pk):
    job = _own_job(request, pk)
    if jobs.request_stop(job):
        messages.success(request, "L'arrêt de la tâche est demandé : elle s'arrête après l'élément en cours.")
    else:
        messages.info(request, "Cette tâche est déjà finie.")
    return redirect(job)
