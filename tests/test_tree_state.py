"""A test run must leave the working tree as it found it: hzbook.tree_state sees what a run changed."""
from __future__ import annotations

import subprocess
from pathlib import Path

from hzbook import tree_state


def test_tree_state_catches_a_run_that_changes_the_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "notebook.ipynb").write_text("{}", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    before = tree_state.state(repo)
    assert tree_state.changes(before, tree_state.state(repo)) == []
    (repo / "notebook.ipynb").write_text('{"changed": true}', encoding="utf-8")
    (repo / "stray.txt").write_text("left behind", encoding="utf-8")
    found = tree_state.changes(before, tree_state.state(repo))
    assert [line.split(" -> ")[0] for line in found] == ["notebook.ipynb: clean", "stray.txt: clean"]
    assert found[0].split(" -> ")[1].startswith(" M ") and found[1].split(" -> ")[1].startswith("?? ")
