"""The newsletter's background work: sending an issue (a job with progress and stop)."""

from django_tasks import task

from .services import sending


@task()
def send_issue(job_id: str, issue_id: int) -> None:
    sending.run(job_id, issue_id)
