"""Reads of the partner registry. None of them touches case data."""

from __future__ import annotations

from django.db.models import Count, Q

from partners.models import (
    Organisation,
    User,
)


def organisations_for_registry(*, kind: str = "", wgs: str = "", active: str = ""):
    """Every organisation with its numbers of users and contacts, optionally filtered."""
    organisations = Organisation.objects.annotate(
        user_count=Count("users", filter=Q(users__is_active=True), distinct=True),
        contact_count=Count("contacts", distinct=True),
    ).order_by("name")
    if kind:
        organisations = organisations.filter(kind=kind)
    if wgs in {"ja", "nee"}:
        organisations = organisations.filter(is_wgs_participant=wgs == "ja")
    if active in {"ja", "nee"}:
        organisations = organisations.filter(is_active=active == "ja")
    return organisations


def organisation_users(organisation: Organisation):
    """The organisation's accounts with their role, read-only (roles change in the admin)."""
    return User.objects.filter(organisation=organisation).order_by("-is_active", "last_name", "first_name", "username")
