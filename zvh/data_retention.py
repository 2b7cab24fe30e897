"""The vocabulary in which every model declares what destruction does to each of its fields.

Every concrete model of the project's apps carries one declaration, `data_retention =
DataRetention(...)`, naming each field that can hold text, a file or JSON with one of:

- a `Destroy` rule: `BLANK` (empty text, NULL, empty JSON, the stored file deleted), `marker(text)`
  (the text replaced by a fixed marker such as "[vernietigd]"), `DELETE_ROW` (the whole row goes)
  or `replace(function, "what it keeps")` (a computed value, e.g. a birth date becomes 1 January
  of its year);
- `Keep("why")`: kept when the case is destroyed, because the aggregates need it or because it is
  not about the case's data subjects (a professional's own account, reference data);
- `NotPersonal("why")`: holds no personal data at all (codes, labels, tokens, settings).

`belongs_to` names the ORM paths from the model to the `Case` and/or `Escalation` whose destruction
covers its rows (e.g. `case="plan__case"`); retention (`privacy.retention`) destroys the `Destroy`
fields of every row reached that way, and the django-auditlog history of those rows. A test walks
the model registry and fails for a field without a classification, exactly as a URL without a row
fails the URL matrix. This module sits in the project layer so that every app may import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Destroy:
    how: str  # "blank" | "marker" | "delete_row" | "replace"
    text: str = ""
    function: Callable[[Any], Any] | None = None
    description: str = ""

    def __str__(self) -> str:
        if self.how == "marker":
            return f"vervangen door {self.text!r}"
        if self.how == "replace":
            return self.description
        return {"blank": "leeggemaakt", "delete_row": "rij verwijderd"}[self.how]


BLANK = Destroy("blank")
DELETE_ROW = Destroy("delete_row")


def marker(text: str) -> Destroy:
    return Destroy("marker", text=text)


def replace(function: Callable[[Any], Any], description: str) -> Destroy:
    """`function(row)` returns the field's new value, computed from the row before destruction."""
    return Destroy("replace", function=function, description=description)


@dataclass(frozen=True)
class Keep:
    why: str


@dataclass(frozen=True)
class NotPersonal:
    why: str


Rule = Destroy | Keep | NotPersonal


@dataclass
class DataRetention:
    """One model's classification of its text, file and JSON fields (see the module docstring)."""

    fields: dict[str, Rule] = field(default_factory=dict)
    belongs_to: dict[str, str] = field(default_factory=dict)  # {"case": path, "escalation": path}

    def __init__(self, *, case: str | None = None, escalation: str | None = None, **fields: Rule):
        self.fields = fields
        self.belongs_to = {k: v for k, v in (("case", case), ("escalation", escalation)) if v is not None}

    def destroyed(self) -> dict[str, Destroy]:
        return {name: rule for name, rule in self.fields.items() if isinstance(rule, Destroy)}
