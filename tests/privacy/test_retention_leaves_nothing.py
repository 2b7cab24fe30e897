"""Retention leaves nothing: every field that a declaration (zvh/data_retention.py) says is
destroyed, of one closed case, of one escalation without a case and of every row that belongs to
them, is filled with a unique value through the ORM (so the change history holds it too); the real
job runs; then every text column of every table (django-auditlog's included) is searched: no
unique value may remain. Part two runs the same on SQLite."""

import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from cases.models import Case, Escalation, EscalationStatus, Phase
from partners.models import User
from privacy.models import RetentionCategory, RetentionExtension, RetentionPolicy
from privacy.retention import services as retention
from zvh.data_retention import belonging_to, declaration, holds_data

pytestmark = pytest.mark.django_db(transaction=False)

TEXT_TYPES = {"CharField", "TextField", "JSONField", "GenericIPAddressField", "SlugField", "EmailField", "URLField"}


def token(model_field) -> str | dict:
    """A value found nowhere else: 'zqx' and hex (plain ASCII: JSON in the change history keeps it
    as it is), as long as the column allows."""
    value = "zqx" + uuid.uuid4().hex
    if isinstance(model_field, models.EmailField):
        return f"x{uuid.uuid4().hex[:20]}@voorbeeld.nl"
    if isinstance(model_field, models.JSONField):
        return {"waarde": value}
    max_length = getattr(model_field, "max_length", None) or 40
    return value[:max_length]


def first_hop(path: str) -> str:
    return path.split("__", 1)[0]


def ensure_row(model, path, target_model, target_pk):
    """A row of `model` reaching `target_pk` along `path`: an existing one, else a copy of any row
    of the model, re-pointed at a parent that reaches the target."""
    reached = model._default_manager.filter(**{path: target_pk})
    if reached.exists() or path == "pk":
        return
    template = model._default_manager.order_by("pk").first()
    assert template is not None, f"geen {model._meta.label} om te kopiëren"
    hop = model._meta.get_field(first_hop(path))
    parent_model = hop.related_model
    if parent_model is target_model:
        parent = target_model._default_manager.get(pk=target_pk)
    else:
        parent_path = declaration(parent_model).belongs_to["case" if target_model is Case else "escalation"]
        ensure_row(parent_model, parent_path, target_model, target_pk)
        parent = parent_model._default_manager.filter(**{parent_path: target_pk}).first()
    template.pk = None
    template.id = None
    setattr(template, hop.name, parent)
    for model_field in model._meta.concrete_fields:
        if model_field.unique and not model_field.primary_key and not model_field.is_relation:
            if isinstance(model_field, models.UUIDField):
                setattr(template, model_field.attname, uuid.uuid4())
            elif holds_data(model_field):
                setattr(template, model_field.attname, token(model_field))
    template._state.adding = True
    template.save()


def fill(target: str, target_model, target_pk, tokens: list[str]) -> int:
    """Fill every Destroy text/JSON field of every row that belongs to the target; returns fields."""
    fields = 0
    for model, path, declared in belonging_to(target):
        destroyed = [model._meta.get_field(name) for name in declared.destroyed()]
        destroyed = [f for f in destroyed if holds_data(f)]
        if not destroyed:
            continue
        ensure_row(model, path, target_model, target_pk)
        fields += len(destroyed)
        for row in model._default_manager.filter(**{path: target_pk}):
            for model_field in destroyed:
                value = token(model_field)
                tokens.append(value if isinstance(value, str) else value["waarde"])
                setattr(row, model_field.attname, value)
            row.save()  # through the ORM: django-auditlog records the values too
    return fields


def text_columns() -> list[tuple[str, str]]:
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:
                    kind = "TextField"  # unknown types are searched too
                if kind in TEXT_TYPES:
                    columns.append((table, column.name))
    return columns


def remaining(tokens) -> tuple[list[str], int]:
    """The tokens still anywhere in a text column, and the number of columns searched."""
    columns = text_columns()
    quote = connection.ops.quote_name
    found = set()
    with connection.cursor() as cursor:
        for table, column in columns:
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} IS NOT NULL")  # noqa: S608
            text = "\n".join(str(value) for (value,) in cursor.fetchall())
            if "zqx" not in text and "@voorbeeld.nl" not in text:
                continue
            found |= {t for t in tokens if t in text}
    return sorted(found), len(columns)


def leaves_nothing() -> dict:
    call_command("seed_demo", "--allow-without-debug", "--quiet-logins", verbosity=0)
    long_ago = timezone.localdate() - timedelta(days=3650)
    case = (
        Case.objects.filter(phase=Phase.AFGESLOTEN, escalation__isnull=False, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    ) or Case.objects.filter(phase=Phase.AFGESLOTEN).order_by("pk").first()
    escalation = (
        Escalation.objects.filter(case__isnull=True, decided_at__isnull=False)
        .exclude(status=EscalationStatus.SUBMITTED)
        .order_by("pk")
        .first()
    )
    assert case is not None and escalation is not None
    # An extension that has ended (the demo has none): its reason belongs to the case too.
    RetentionExtension.objects.create(
        case=case, reason="Verlopen verlenging.", until=long_ago, decided_by=User.objects.order_by("pk").first()
    )
    tokens: list[str] = []
    fields = fill("case", Case, case.pk, tokens) + fill("escalation", Escalation, escalation.pk, tokens)
    Case.objects.filter(pk=case.pk).update(closed_on=long_ago)
    Escalation.objects.filter(pk=escalation.pk).update(decided_at=timezone.now() - timedelta(days=3650))
    RetentionPolicy.objects.all().delete()
    for category in RetentionCategory.values:
        RetentionPolicy.objects.create(category=category, term_months=120 - 2)
    before, columns = remaining(tokens)
    assert len(before) == len(tokens), "the filled values are found before the run"

    summary = retention.run_retention()

    after, columns = remaining(tokens)
    case.refresh_from_db()
    escalation.refresh_from_db()
    assert case.anonymised_at is not None and escalation.anonymised_at is not None
    assert summary.cases >= 1 and summary.escalations >= 2
    assert after == [], f"{len(after)} waarden overleefden de vernietiging: {after[:10]}"
    models_filled = len({m for t in ("case", "escalation") for m, _, d in belonging_to(t) if d.destroyed()})
    return {
        "vendor": connection.vendor,
        "models": models_filled,
        "fields": fields,
        "values": len(tokens),
        "columns_searched": columns,
    }


def test_retention_leaves_nothing_on_postgresql(capsys):
    assert connection.vendor == "postgresql"
    counts = leaves_nothing()
    with capsys.disabled():
        print("\nretention leaves nothing:", json.dumps(counts))


def test_retention_leaves_nothing_on_sqlite(tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("this is the SQLite run itself")
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zvh.settings.test_sqlite",
        "ZVH_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-s",
            "--ds",
            "zvh.settings.test_sqlite",
            __file__ + "::test_sqlite_part",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(result.stdout[-3000:])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert '"vendor": "sqlite"' in result.stdout


def test_sqlite_part(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("only inside the SQLite run")
    counts = leaves_nothing()
    with capsys.disabled():
        print("\nretention leaves nothing:", json.dumps(counts))
