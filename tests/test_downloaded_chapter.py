"""The downloaded chapter notebook runs in a plain Jupyter that has only `pip install hzlib[book]`.

A reader downloads a chapter's notebook (the ⬇ button: hzbook.downloads writes it, for
the book and for the student edition) and runs it far from the clone. This test does just that:
it builds hzlib's wheel (no isolation, as tests/test_wheel.py), creates a fresh venv, installs
`hzlib[book]` there from the wheel and the locked wheels `make setup` downloaded into
`.venv/wheelhouse` (`pip install --no-index`: offline, and pip's resolver must find every
dependency of hzlib and its `book` extra there, no more than those), then executes the downloaded
notebook with nbclient in that venv's own kernel, from a folder outside the clone. The book's
notebook must give its stored outputs again, output for output; the student edition (solutions
removed) must run without an error. Slow (a venv and about 150 wheels): marked `wheel`.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from hzbook.downloads import write_chapter
from hzlib import paths

from .conftest import REPO

pytestmark = [pytest.mark.wheel, pytest.mark.slow]  # chapter 1.1 executed twice more, in a fresh venv

CHAPTER = REPO / "book" / "1-1-growth.ipynb"
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"  # filled by `make setup` from requirements.lock
# What a downloaded notebook runs with: nbclient in the venv's python, its ipykernel's own kernel.
RUN = """
import json, sys
import nbformat
from nbclient import NotebookClient

source, target = sys.argv[1], sys.argv[2]
notebook = nbformat.read(source, as_version=4)
probe = "import json as _j, sys as _s, hzlib as _h; print(_j.dumps([_s.prefix, _h.__file__]))"
notebook.cells.append(nbformat.v4.new_code_cell(probe))
NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
               resources={"metadata": {"path": str(__import__("pathlib").Path(source).parent)}}).execute()
prefix, module = json.loads(notebook.cells.pop()["outputs"][0]["text"])
nbformat.write(notebook, target)
print(json.dumps({"kernel_prefix": prefix, "hzlib": module}))
"""


def clean_env(home: Path) -> dict[str, str]:
    """An environment with nothing of the clone or of this machine's pip and Jupyter set-up in it."""
    env = {k: v for k, v in os.environ.items()
           if k not in (paths.DATA_ENV, "PYTHONPATH", "VIRTUAL_ENV") and not k.startswith(("PIP_", "JUPYTER"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", JUPYTER_PREFER_ENV_PATH="1",
               JUPYTER_DATA_DIR=str(home / "jupyter-data"), JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"), IPYTHONDIR=str(home / "ipython"))
    return env


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with `hzlib[book]` installed from the wheel and the locked wheels, with no index."""
    if not any(WHEELHOUSE.glob("*.whl")):
        pytest.fail(f"no locked wheels in {WHEELHOUSE}: run `make setup`")
    home = tmp_path_factory.mktemp("reader")
    env = clean_env(home)
    dist = home / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   cwd=REPO, check=True, capture_output=True)
    (wheel,) = dist.glob("hzlib-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True, capture_output=True, env=env)
    python = home / "venv" / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-cache-dir", "--only-binary", ":all:",
         "--find-links", str(WHEELHOUSE), f"hzlib[book] @ {wheel.as_uri()}"],
        cwd=home, env=env, capture_output=True, text=True, check=False)
    assert install.returncode == 0, f"pip install hzlib[book] failed offline:\n{install.stdout}\n{install.stderr}"
    return python, env


@pytest.mark.parametrize("student", [False, True], ids=["book", "student"])
def test_the_downloaded_notebook_runs_with_only_hzlib_book(venv: tuple[Path, dict[str, str]], student: bool,
                                                           tmp_path: Path) -> None:
    python, env = venv
    files, _ = write_chapter(CHAPTER, tmp_path / "downloads", student=student)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    downloaded = elsewhere / files.notebook.name
    downloaded.write_bytes(files.notebook.read_bytes())
    executed = elsewhere / "executed.ipynb"
    result = subprocess.run([str(python), "-c", RUN, str(downloaded), str(executed)], cwd=elsewhere, env=env,
                            capture_output=True, text=True, encoding="utf-8", check=False, timeout=900)
    assert result.returncode == 0, f"the downloaded notebook failed in a plain venv:\n{result.stderr[-3000:]}"
    where = json.loads(result.stdout.strip().splitlines()[-1])
    venv_root = python.parent.parent.resolve()
    assert Path(where["kernel_prefix"]).resolve() == venv_root, "the kernel was not the venv's own"
    assert Path(where["hzlib"]).resolve().is_relative_to(venv_root), "hzlib was not the installed wheel's"

    ran = nbformat.read(executed, as_version=4)
    outputs = [out for cell in ran.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"], "an error or a warning"
    stored = nbformat.read(downloaded, as_version=4)
    assert [c.source for c in ran.cells] == [c.source for c in stored.cells]
    if not student:
        assert [c.get("outputs") for c in ran.cells] == [c.get("outputs") for c in stored.cells], (
            "the downloaded notebook, run in a plain venv, did not give its stored outputs")
    charts = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    stored_charts = [o for o in nbformat.read(CHAPTER, as_version=4).cells if o.cell_type == "code"
                     for o in o.outputs if "image/svg+xml" in o.get("data", {})]
    assert charts and [c.data["image/svg+xml"] for c in charts] == [c.data["image/svg+xml"] for c in stored_charts]


def test_the_plain_venv_has_jupyterlab_too(venv: tuple[Path, dict[str, str]]) -> None:
    python, env = venv
    result = subprocess.run([str(python), "-m", "jupyterlab", "--version"], env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and result.stdout.strip().startswith("4."), result.stderr
