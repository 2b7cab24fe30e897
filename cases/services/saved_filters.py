"""A user's searches of the case list, kept on the server (cases.models.SavedCaseFilter).

- The last search: one unnamed row per user, overwritten by each search (its key stays, so the
  link in the browser's history opens the latest search, never a term in a URL). It holds the
  search term, and only for as long as the user works: it is deleted at logout and, for sessions
  that simply expire, by the hourly job `forget_old_searches` after a working day (LAST_SEARCH_HOURS;
  a session ends after 30 idle minutes, but someone paging through a search all day keeps it).
- Named filters ("Mijn AVE 4 in uitvoering"): at most MAX_NAMED per user, one per name (saving a
  name again, or a double submit, updates that row). They keep filters and sorting but never the
  search term: a saved link to a person's name is what ASVS 8.3.1 asks to avoid, and these rows
  have no case whose retention could destroy it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import LAST_SEARCH, SavedCaseFilter
from partners.models import User
from zvh.errors import ServiceError

MAX_NAMED = 20
LAST_SEARCH_HOURS = 12
NAME_FIELD = "naam"


def _stored(criteria: dict) -> dict:
    return {name: criteria.get(name) for name in ("query", "programme", "phase", "ave_level", "sort")}


def remember_last_search(*, user: User, criteria: dict) -> SavedCaseFilter:
    """Store `criteria` (with the search term) as the user's last search; returns the row to link to."""
    row, _ = SavedCaseFilter.objects.update_or_create(
        user=user, name=LAST_SEARCH, defaults={"criteria": _stored(criteria), "updated_at": timezone.now()}
    )
    return row


@transaction.atomic
def save_named_filter(*, user: User, name: str, criteria: dict) -> SavedCaseFilter:
    """Store the filters and sorting of `criteria` under `name` (without the search term)."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Geef de zoekopdracht een naam, bijvoorbeeld ‘Mijn AVE 4 in uitvoering’.", NAME_FIELD)
    if len(name) > 60:
        raise ServiceError("Een naam is hoogstens 60 tekens lang.", NAME_FIELD)
    stored = {**_stored(criteria), "query": ""}
    now = timezone.now()
    mine = SavedCaseFilter.objects.select_for_update().filter(user=user).exclude(name=LAST_SEARCH)
    existing = mine.filter(name=name).first()
    if existing is not None:
        existing.criteria, existing.updated_at = stored, now
        existing.save(update_fields=["criteria", "updated_at"])
        return existing
    if mine.count() >= MAX_NAMED:
        raise ServiceError(
            f"U hebt al {MAX_NAMED} opgeslagen zoekopdrachten. Verwijder er eerst een die u niet meer gebruikt.",
            NAME_FIELD,
        )
    row, _ = SavedCaseFilter.objects.get_or_create(
        user=user, name=name, defaults={"criteria": stored, "created_at": now, "updated_at": now}
    )
    return row


def delete_saved_filter(*, user: User, saved_filter: SavedCaseFilter) -> None:
    if saved_filter.user_id != user.pk:  # the view looked it up among the user's own; defence in depth
        raise ServiceError("Deze zoekopdracht is niet van u.")
    saved_filter.delete()


def forget_last_search(*, user: User) -> None:
    """At logout: the search term goes with the session."""
    SavedCaseFilter.objects.filter(user=user, name=LAST_SEARCH).delete()


def forget_old_searches(*, now: datetime | None = None) -> int:
    """Last searches not renewed for a working day: deleted (the hourly beat entry `zoekopdrachten-vergeten`)."""
    cutoff = (now or timezone.now()) - timedelta(hours=LAST_SEARCH_HOURS)
    deleted, _ = SavedCaseFilter.objects.filter(name=LAST_SEARCH, updated_at__lt=cutoff).delete()
    return deleted
