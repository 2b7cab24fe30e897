"""Celery tasks of the privacy app. The schedule is in code: zvh/celery_schedule.py."""

from celery import shared_task

from .retention import SCHEDULED_JOB, run_retention
from .services import repair_grant_drift


@shared_task(name="privacy.tasks.run_retention_task")
def run_retention_task() -> dict:
    """The nightly retention run (safe to run twice; a retried task destroys nothing twice)."""
    return run_retention(performed_by=SCHEDULED_JOB).as_dict()


@shared_task(name="privacy.tasks.repair_grant_drift_task")
def repair_grant_drift_task() -> int:
    """The nightly check that stored case grants are what the policy derives (safe to run twice)."""
    return repair_grant_drift()
