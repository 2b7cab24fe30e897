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
covers its rows (e.g. `case="plan__case"`); retention (`privacy.retention.services`) destroys the `Destroy`
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


ANONYMISED = "Geanonimiseerd"
DESTROYED = "[vernietigd]"

# The apps whose models must each carry a declaration.
PROJECT_APPS = ("cases", "partners", "privacy", "notifications", "documents", "programmes", "dashboard", "demo", "api")


def birth_year_only(row) -> Any:
    """A date of birth becomes 1 January of its year (age groups stay possible)."""
    from datetime import date

    born = row.date_of_birth
    return date(born.year, 1, 1) if born else None


def project_models() -> list:
    """Every concrete (non-proxy, managed) model of the project's apps."""
    from django.apps import apps

    return [
        model
        for app_label in PROJECT_APPS
        if apps.is_installed(app_label)
        for model in apps.get_app_config(app_label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]


def holds_data(model_field) -> bool:
    """Can this concrete field hold text, a file or JSON?"""
    from django.db import models

    if model_field.is_relation or not model_field.concrete:
        return False
    return isinstance(
        model_field,
        (models.CharField, models.TextField, models.FileField, models.JSONField, models.GenericIPAddressField),
    ) or model_field.get_internal_type() in {"CharField", "TextField", "BinaryField"}


def data_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if holds_data(f)]


def declaration(model) -> DataRetention | None:
    found = model.__dict__.get("data_retention")
    return found if isinstance(found, DataRetention) else None


def problems() -> list[str]:
    """Everything wrong with the declarations: a model without one, a field without a
    classification, a classification or a path naming something that does not exist."""
    from django.core.exceptions import FieldDoesNotExist, FieldError

    found = []
    for model in project_models():
        label = model._meta.label
        declared = declaration(model)
        if declared is None:
            found.append(f"{label}: geen data_retention")
            continue
        for model_field in data_fields(model):
            if model_field.name not in declared.fields:
                found.append(f"{label}.{model_field.name}: niet geclassificeerd")
        for name, rule in declared.fields.items():
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                found.append(f"{label}.{name}: geclassificeerd maar bestaat niet")
            if not isinstance(rule, Destroy | Keep | NotPersonal):
                found.append(f"{label}.{name}: geen regel maar {rule!r}")
            elif isinstance(rule, Keep | NotPersonal) and not rule.why.strip():
                found.append(f"{label}.{name}: geen reden")
        for target, path in declared.belongs_to.items():
            try:
                model.objects.filter(**{path: 0}).query  # noqa: B018 (validates the path)
            except (FieldError, FieldDoesNotExist, ValueError):
                found.append(f"{label}: pad {target}={path!r} bestaat niet")
    return found


def belonging_to(target: str) -> list:
    """(model, path, declaration) for every model whose rows are reached from a Case
    (`target="case"`) or an Escalation (`target="escalation"`)."""
    result = []
    for model in project_models():
        declared = declaration(model)
        if declared and target in declared.belongs_to:
            result.append((model, declared.belongs_to[target], declared))
    return result
