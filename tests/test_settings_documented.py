"""Every environment variable the code reads is on docs/settings.md, so an operator finds it
before they need it (issue 21: the compose file passed 16 settings and no one could tell the rest)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r"""(?:os\.environ\.get|os\.environ\.setdefault|os\.getenv|\benv_bool|\benv_list|\benv_int|\benv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
APPLICATION = ["zvh", "cases", "privacy", "notifications", "documents", "dashboard", "partners", "agenda",
               "registry", "programmes", "api"]  # fmt: skip
# Read by the test harness only, never by a deployment.
NOT_SETTINGS = {"PYTEST_XDIST_WORKER"}


def test_every_variable_read_is_documented():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "settings.md").read_text()))
    read = set()
    for app in APPLICATION:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).is_dir() else []:
            if "migrations" not in path.parts:
                read |= set(READS.findall(path.read_text()))
    assert len(read) > 40
    assert read - NOT_SETTINGS - documented == set()
