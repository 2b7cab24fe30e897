"""A user's searches of the case list, kept on the server so that a search term never sits in a URL
(ASVS 8.3.1: a `?q=<name>` lands in server logs and browser history). The list links to a row by
its opaque `key`; only its owner can open it (`cases.case_list_selectors.saved_filters_of`)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zvh.data_retention import DataRetention, Keep, NotPersonal

# The unnamed row: the user's last search (one per user, overwritten by the next one).
LAST_SEARCH = ""


def new_filter_key() -> str:
    return secrets.token_urlsafe(12)  # 16 characters; unguessable, and says nothing about the search


class SavedCaseFilter(models.Model):
    """Criteria of the case list (`case_list_selectors.CRITERIA`) for one user: either their last
    search (name "", holds the search term) or a filter they named ("Mijn AVE 4 in uitvoering"),
    which holds filters and sorting but never a search term (services/saved_filters.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_filters")
    key = models.CharField(max_length=32, unique=True, default=new_filter_key, editable=False)
    name = models.CharField("naam", max_length=60, blank=True)
    criteria = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    # No case owns these rows, so case retention does not reach them. What protects the persons a
    # term may name: a named filter holds no term; the last search holds it only until the next
    # search, the logout, or the hourly job after a working day (`forget_old_searches`);
    # every row goes with its user (CASCADE).
    data_retention = DataRetention(
        key=NotPersonal("willekeurige sleutel in de link"),
        name=Keep("naam die de gebruiker zelf aan zijn filter gaf; verdwijnt met het account"),
        criteria=Keep(
            "filters van de gebruiker zelf; een zoekterm alleen in de laatste zoekopdracht, vergeten bij "
            "uitloggen of na een werkdag (cases.services.saved_filters.forget_old_searches)"
        ),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "opgeslagen zoekopdracht"
        verbose_name_plural = "opgeslagen zoekopdrachten"
        constraints = [
            # One row per name and user: a double submit of "opslaan" updates the same row, and the
            # unnamed row is the one last search.
            models.UniqueConstraint(fields=["user", "name"], name="one_case_filter_per_user_and_name"),
        ]
        indexes = [models.Index(fields=["updated_at"], condition=Q(name=""), name="cases_last_search_age")]

    def __str__(self):
        return self.name or "laatste zoekopdracht"

    @property
    def is_last_search(self) -> bool:
        return self.name == LAST_SEARCH
