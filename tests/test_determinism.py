"""Every run gives the same book: notebooks re-execute to identical bytes, builds to identical HTML."""
from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .notebooks import REPO, toc_notebooks

sys.path.insert(0, str(REPO / "tools"))
from execute import execute  # noqa: E402  (tools/ is not a package)

# Files of a Jupyter Book build allowed to differ between two builds of the same sources, each
# with its reason. Every page, image, script and the search index must be identical.
VOLATILE: tuple[str, ...] = (
    ".buildinfo",  # Sphinx's hash of its configuration, which holds the source folder's absolute path
)


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.name)
def test_re_executing_a_notebook_rewrites_identical_bytes(notebook: Path, tmp_path: Path) -> None:
    copy = tmp_path / notebook.name
    shutil.copy(notebook, copy)
    execute(copy)
    assert copy.read_bytes() == notebook.read_bytes(), (
        f"{notebook.name} changes when re-executed: run `make execute NB=book/{notebook.name}`, "
        "and if it changes again, find the output that varies between runs"
    )


def _build(source: Path) -> Path:
    """A cold Jupyter Book build of a copy of the sources; returns its html folder."""
    source.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "book", "data", "tools", "hzlib"):
        path = REPO / name
        (shutil.copytree if path.is_dir() else shutil.copy)(path, source / name)
    result = subprocess.run([sys.executable, str(source / "tools" / "build_book.py")], cwd=source,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return source / "_build" / "html"


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = [f"only in one build: {name}" for name in comparison.left_only + comparison.right_only]
    found += [name for name in comparison.diff_files if not filecmp.cmp(left / name, right / name, shallow=False)]
    for sub in comparison.common_dirs:
        found += [f"{sub}/{name}" for name in _differences(left / sub, right / sub)]
    return found


def test_two_builds_give_identical_html(tmp_path: Path) -> None:
    # Two cold builds: an incremental build (as `make book` often is) may legitimately differ from
    # a cold one in the search index and navigation, so it is no reference.
    first, second = _build(tmp_path / "first"), _build(tmp_path / "second")
    differences = [d for d in _differences(first, second) if d.removeprefix("only in one build: ") not in VOLATILE]
    assert not differences, f"two builds of the same sources differ: {differences[:20]}"


def test_tree_state_catches_a_run_that_changes_the_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    shutil.copy(REPO / "tools" / "tree_state.py", repo / "tools")
    (repo / "notebook.ipynb").write_text("{}", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    state = [sys.executable, str(repo / "tools" / "tree_state.py")]
    subprocess.run([*state, "save", str(tmp_path / "before.json")], check=True)
    assert subprocess.run([*state, "compare", str(tmp_path / "before.json")]).returncode == 0
    (repo / "notebook.ipynb").write_text('{"changed": true}', encoding="utf-8")
    (repo / "stray.txt").write_text("left behind", encoding="utf-8")
    result = subprocess.run([*state, "compare", str(tmp_path / "before.json")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "notebook.ipynb: clean ->  M " in result.stderr
    assert "stray.txt: clean -> ??" in result.stderr
