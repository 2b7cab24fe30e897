"""Rows of the URL × role matrix for the case meetings screens.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, row  # noqa: F401

ROWS: dict = {}


def make_kwargs(case, escalation, users) -> dict:
    return {}
