"""Reads of data subjects' requests for the privacy officer's start page."""

from __future__ import annotations

from privacy.models import DataSubjectRequest, SubjectRequestStatus


def open_subject_requests(*, limit: int) -> tuple[int, list[DataSubjectRequest]]:
    """How many requests are still open and the `limit` received first (the oldest run out of time
    first; two queries)."""
    waiting = DataSubjectRequest.objects.filter(status=SubjectRequestStatus.OPEN)
    return waiting.count(), list(waiting.order_by("received_on", "pk")[:limit])
