"""Celery tasks of the privacy app. The schedule is in code: zvh/celery_schedule.py."""

from celery import shared_task

from .grant_audit.services import audit_grants
from .retention.services import SCHEDULED_JOB, run_retention


@shared_task(name="privacy.tasks.run_retention_task")
def run_retention_task() -> dict:
    """The nightly retention run (safe to run twice; a retried task destroys nothing twice)."""
    return run_retention(performed_by=SCHEDULED_JOB).as_dict()


@shared_task(name="privacy.tasks.audit_grants_task")
def audit_grants_task() -> dict:
    """The nightly grant audit: repair drift between stored grants and the policy (a repeated run
    finds nothing more to repair)."""
    return audit_grants().as_dict()
