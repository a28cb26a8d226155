"""Record the state of the working tree before a run and fail if the run changed it.

`hzbook test` saves the state before pytest and compares it after.
The state is `git status` plus a hash of every modified or untracked file, so a run that
rewrites a committed notebook or data file, or leaves a stray file, is caught.
"""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


def state(repo: Path) -> dict[str, str]:
    """Path -> status and content hash of every file git does not see as clean."""
    status = subprocess.run(["git", "status", "--porcelain=v1", "-z", "--untracked-files=all"],
                            cwd=repo, capture_output=True, text=True, check=True).stdout
    entries = {}
    for entry in filter(None, status.split("\0")):
        code, path = entry[:2], entry[3:]
        file = repo / path
        digest = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "-"
        entries[path] = f"{code} {digest}"
    return entries


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per path whose state differs: `path: before -> after` (`clean` for a path git saw as clean)."""
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    return [f"{path}: {before.get(path, 'clean')} -> {after.get(path, 'clean')}" for path in changed]
