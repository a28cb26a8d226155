"""The wheel: hzlib works outside the clone, with its data travelling inside the package.

Builds without isolation and installs without dependencies or an index: no network, and no
timing in any assertion. Deselect with `-m "not wheel"`.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from hzlib import paths

from .conftest import REPO

pytestmark = pytest.mark.wheel

PACKAGED = ["raw/haizhu-2019-plan-report.txt", "raw/SHA256SUMS", "claims.csv", "not_claims.csv", "relations.csv", "context.csv",
            "outturn_links.csv"]
PROBE = """
import json, hzlib
hzlib.verify()
print(json.dumps({"file": hzlib.__file__, "claims": len(hzlib.claims()), "relations": len(hzlib.relations()),
                  "context": len(hzlib.context()),
                  "data": str(hzlib.paths.data_dir()), "gdp": hzlib.claim("2019.economy.gdp.growth").quote}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from the clone into a temporary folder."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
                   cwd=REPO, check=True, capture_output=True)
    (built,) = out.glob("hzlib-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed, without dependencies or an index, into a temporary folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--disable-pip-version-check", "--target", str(target), str(wheel)], check=True, capture_output=True)
    return target


@pytest.fixture(scope="module")
def probe(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What hzlib, imported from the installed wheel in a folder far from the clone, reports."""
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_ENV}
    env["PYTHONPATH"] = str(installed)
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path_factory.mktemp("elsewhere"), env=env,
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_wheel_carries_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"hzlib/data/{name}" for name in PACKAGED} <= names
    assert not any(name.startswith("hzlib/data/clean/") for name in names)


def test_the_packaged_data_is_the_clone_s(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        different = [n for n in PACKAGED if archive.read(f"hzlib/data/{n}") != (REPO / "data" / n).read_bytes()]
    assert different == []


def test_hzlib_imports_from_the_installed_wheel(probe: dict[str, object], installed: Path) -> None:
    assert Path(str(probe["file"])).resolve().is_relative_to(installed.resolve())
    assert Path(str(probe["data"])).resolve() == (installed / "hzlib/data").resolve()


def test_the_installed_wheel_verifies_with_every_claim(probe: dict[str, object], ledger_frame: pd.DataFrame) -> None:
    import hzlib

    assert probe["claims"] == len(ledger_frame)
    assert probe["relations"] == len(hzlib.relations())
    assert probe["context"] == len(hzlib.context())
    assert probe["gdp"] == "地区生产总值增长 7.6%"
