"""Celery tasks of the dashboard app. The schedule is in code: zvh/celery_schedule.py."""

from celery import shared_task

from .figures import warm_figures


@shared_task(name="dashboard.tasks.warm_dashboard_task")
def warm_dashboard_task() -> dict[str, float]:
    """Compute and store the dashboard figures managers open most (dashboard/figures.py)."""
    return warm_figures()
