"""Celery tasks of the programmes app. The schedule is in code: zvh/celery_schedule.py."""

from celery import shared_task

from .figures import warm_figures


@shared_task(name="programmes.tasks.warm_dashboard_task")
def warm_dashboard_task() -> dict[str, float]:
    """Compute and store the dashboard figures managers open most (programmes/figures.py)."""
    return warm_figures()
