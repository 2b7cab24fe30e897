"""TRUNCATE empties a table without firing the row triggers of privacy migration 0002; migration
0010 makes the database refuse it on the access log as well. Only the test suite's flush between
transactional tests is let through (tests/db_flush.py), and only for its own transaction."""

import pytest
from django.db import DatabaseError, connection, transaction

from privacy.models import AccessLogEntry
from privacy.services import log_access
from tests import db_flush


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE privacy_accesslogentry",
        "TRUNCATE TABLE privacy_accesslogentry RESTART IDENTITY",
        "TRUNCATE privacy_accesslogentry CASCADE",
    ],
)
def test_the_database_refuses_truncating_the_access_log(regisseur, case, statement):
    log_access(user=regisseur, action="view", case=case, allowed=True)
    with pytest.raises(DatabaseError, match="alleen-toevoegen"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLogEntry.objects.count() == 1


def test_the_flush_allowance_ends_with_its_own_transaction(regisseur, case):
    log_access(user=regisseur, action="view", case=case, allowed=True)
    with transaction.atomic(), connection.cursor() as cursor:  # what the suite's flush does
        cursor.execute(db_flush.ALLOW)
        cursor.execute("TRUNCATE privacy_accesslogentry")
        assert AccessLogEntry.objects.count() == 0
        transaction.set_rollback(True)
    assert AccessLogEntry.objects.count() == 1
    with pytest.raises(DatabaseError, match="alleen-toevoegen"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE privacy_accesslogentry")
