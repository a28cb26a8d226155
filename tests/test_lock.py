"""The lock file and pyproject.toml agree: every declared dependency is pinned, hashed, in range."""
from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>[^\s\\;]+)", re.MULTILINE)


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in [*project["dependencies"], *extras["dev"], *extras["book"]]]


def _pins() -> dict[str, str]:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(m["name"]): m["version"] for m in PIN.finditer(text)}


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_declared_dependency_is_pinned_within_its_range(requirement: Requirement) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"requirements.lock pins {requirement.name}=={pins[name]}, outside {requirement.specifier}: run `make lock`")


def test_every_pin_carries_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", (REPO / "requirements.lock").read_text(encoding="utf-8"))
    unhashed = [block.split()[0] for block in blocks if PIN.match(block) and "--hash=sha256:" not in block]
    assert not unhashed, f"pins without a hash: {unhashed}"


def test_the_lock_names_no_machine_specific_index() -> None:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert "--extra-index-url" not in text and "--find-links" not in text and "file://" not in text
