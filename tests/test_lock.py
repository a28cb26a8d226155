"""The lock file and pyproject.toml agree: every declared dependency is pinned, hashed, in range."""
from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import REPO

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>[^\s\\;]+)", re.MULTILINE)


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in [*project["dependencies"], *extras["dev"], *extras["book"], *extras["zh"]]]


def _pins(lock: str = "requirements.lock") -> dict[str, str]:
    text = (REPO / lock).read_text(encoding="utf-8")
    return {canonicalize_name(m["name"]): m["version"] for m in PIN.finditer(text)}


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_declared_dependency_is_pinned_within_its_range(requirement: Requirement) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"requirements.lock pins {requirement.name}=={pins[name]}, outside {requirement.specifier}: run `make lock`")


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-min.lock"])
def test_every_pin_carries_a_hash(lock: str) -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", (REPO / lock).read_text(encoding="utf-8"))
    unhashed = [block.split()[0] for block in blocks if PIN.match(block) and "--hash=sha256:" not in block]
    assert not unhashed, f"pins without a hash: {unhashed}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-min.lock"])
def test_the_lock_names_no_machine_specific_index(lock: str) -> None:
    text = (REPO / lock).read_text(encoding="utf-8")
    assert "--extra-index-url" not in text and "--find-links" not in text and "file://" not in text


def test_the_minimum_lock_pins_each_library_dependency_at_its_lower_bound() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins("requirements-min.lock")
    for requirement in map(Requirement, project["dependencies"]):
        lower = next(spec.version for spec in requirement.specifier if spec.operator == ">=")
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None and Version(pinned) == Version(lower), (
            f"requirements-min.lock pins {requirement.name}=={pinned}, not its lower bound {lower}: run `make lock`")
