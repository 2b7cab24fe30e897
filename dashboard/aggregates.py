"""A percentile aggregate computed in the database, so lead times never load cases into Python.

PostgreSQL: `percentile_cont(f) WITHIN GROUP (ORDER BY expr)` (works on numbers and intervals).
SQLite (the embedded demo only): the same interpolation as a user-defined aggregate
`zvh_percentile(expr, f)`, registered on every new SQLite connection (dashboard/apps.py)."""

from __future__ import annotations

import math

from django.db.models import Aggregate


class Percentile(Aggregate):
    """Continuous percentile (0 < fraction < 1) of an expression, like percentile_cont."""

    function = "percentile_cont"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 < fraction < 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="zvh_percentile",
            template="%(function)s(%(expressions)s, %(fraction)s)",
            **extra_context,
        )


class SqlitePercentile:
    """percentile_cont for SQLite: linear interpolation between the closest ranks."""

    def __init__(self):
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value, fraction):
        if value is not None:
            self.values.append(float(value))
            self.fraction = float(fraction)

    def finalize(self):
        if not self.values:
            return None
        values = sorted(self.values)
        position = self.fraction * (len(values) - 1)
        low, high = math.floor(position), math.ceil(position)
        return values[low] + (values[high] - values[low]) * (position - low)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created handler: give SQLite the zvh_percentile aggregate."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("zvh_percentile", 2, SqlitePercentile)


__all__ = ["Percentile", "register_sqlite_functions"]
