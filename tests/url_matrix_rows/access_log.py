"""Rows of the URL × role matrix for the privacy officer's access_log screens and break-glass.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from datetime import timedelta

from django.utils import timezone

from .common import LOGIN, PRIVACY_OFFICER_ONLY, row  # noqa: F401

# Procesregisseurs and the privacy officer may break glass; an empty POST re-renders the form.
MAY_BREAK_GLASS = row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, privacy_officer=200)

ROWS: dict = {
    ("privacy:access_log", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:access_log", "POST"): PRIVACY_OFFICER_ONLY,  # empty person lookup: form errors
    ("privacy:access_log_export", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:break_glass_start", "GET"): MAY_BREAK_GLASS,
    ("privacy:break_glass_start", "POST"): MAY_BREAK_GLASS,
    # The break-glass access below belongs to other_regisseur: only its owner may end it (the
    # confirmation page; this access has expired, so its owner is sent on with "al beëindigd").
    ("privacy:break_glass_end", "GET"): row(404, anonymous=LOGIN, other_regisseur=302),
    ("privacy:break_glass_end", "POST"): row(404, anonymous=LOGIN, other_regisseur=302),
    ("privacy:break_glass_list", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:break_glass_review", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:break_glass_review", "POST"): PRIVACY_OFFICER_ONLY,  # empty note: form errors
    ("privacy:grant_repairs", "GET"): PRIVACY_OFFICER_ONLY,
}


def make_kwargs(case, escalation, users) -> dict:
    """An expired break-glass access of other_regisseur to `case` (expired, so it gives nobody
    access to the case pages the main matrix checks)."""
    from privacy.models import BreakGlassAccess

    started = timezone.now() - timedelta(hours=3)
    access, _ = BreakGlassAccess.objects.get_or_create(
        user=users["other_regisseur"],
        case=case,
        defaults={
            "case_reference": case.reference,
            "reason": "Spoedoverleg met de politie over acute dreiging.",
            "started_at": started,
            "expires_at": started + timedelta(hours=1),
        },
    )
    return {"break_glass_id": access.pk}
