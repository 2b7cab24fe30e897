"""The test suite's flush between transactional tests (TransactionTestCase, `transaction=True`)
empties every table with TRUNCATE, the access log included, which the database refuses
(privacy migration 0010) unless the session allows it. Only this flush allows it, for its own
transaction (SET LOCAL): a TRUNCATE anywhere else, in a test or in production, is still refused."""

from django.db.backends.postgresql.operations import DatabaseOperations

ALLOW = "SET LOCAL zvh.allow_truncate = 'on'"

_sql_flush = DatabaseOperations.sql_flush


def _sql_flush_allowing_truncate(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    statements = _sql_flush(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    return [ALLOW, *statements] if statements else statements


def install() -> None:
    DatabaseOperations.sql_flush = _sql_flush_allowing_truncate
