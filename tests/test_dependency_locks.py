"""The lock files (requirements/*.txt) are what `make install`, CI and the Dockerfile install, with
--no-deps: a dependency added to pyproject.toml without `make lock` would be silently missing, and
an unhashed line would let a changed package in. Both fail here instead."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCKS = {
    "production.txt": [],
    "dev.txt": ["dev"],
    "bench.txt": ["dev", "bench"],
}
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^ ;\\]+)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[normalized(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_dependency_of_pyproject_is_locked_at_a_version_it_allows(lock):
    locked = pins(lock)
    wanted = [*PROJECT["dependencies"], *(d for extra in LOCKS[lock] for d in PROJECT["optional-dependencies"][extra])]
    for text in wanted:
        requirement = Requirement(text)
        name = normalized(requirement.name)
        assert name in locked, f"{requirement.name} is in pyproject.toml but not in requirements/{lock}: run make lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements/{lock} pins {requirement.name}=={locked[name]}, pyproject.toml asks {requirement.specifier}"
        )


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_carries_its_hashes(lock):
    text = (ROOT / "requirements" / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert len(entries) > 30
    for entry in entries:
        if entry.strip() and not entry.startswith("#"):
            assert "--hash=sha256:" in entry, f"requirements/{lock}: no hash for {entry.splitlines()[0]}"


def test_the_image_and_make_install_use_the_locks():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r production.txt" in dockerfile
    assert "--require-hashes --no-deps -r requirements/dev.txt" in makefile
