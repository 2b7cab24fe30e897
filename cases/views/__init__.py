"""Screens of the cases app: `case` (case pages) and `escalation` (aanmeldingen and triage)."""
