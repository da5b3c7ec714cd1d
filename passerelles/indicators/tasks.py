"""The clock keeps the figures of this year and the last in step with the data."""

from datetime import timedelta

from django_tasks import task

from passerelles.core.clock import every

from .services import activity


@every(timedelta(minutes=15))
@task()
def refresh_recent_years() -> list[int]:
    years = activity.stale_years()
    for year in years:
        activity.refresh(year)
    return years
