"""A throw-away clone of the working tree, so that cold builds never touch the real _build/.

The clone is `git clone` of the repository plus its uncommitted changes (modified and untracked
files copied over, deleted files removed): what `make book` would build right now. The clone
uses the repository's own .venv; PYTHONPATH makes its kernels and tests import the clone's hzlib.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

VENV = Path(sys.prefix)  # bench runs with .venv/bin/python: sys.prefix is the venv
STAMP = VENV / ".installed"  # the Makefile's setup stamp: `make -o STAMP` never reinstalls the shared venv
NODE_STAMP = "node_modules/.package-lock.json"  # nor runs `npm ci`: the clone links the repository's node_modules
MIN_STAMP = ".venv-min/.installed"  # nor builds .venv-min: the clone links the repository's
MAKE_ENV_NOISE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "HZLIB_DATA")


def _git_files(repo: Path, *args: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", *args], cwd=repo, check=True, capture_output=True).stdout
    return [name for name in out.decode("utf-8").split("\0") if name]


def clone_worktree(repo: Path, dest: Path) -> Path:
    """Clone `repo` into `dest` (which must not exist) and carry over its uncommitted changes."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(repo), str(dest)], check=True)
    for name in _git_files(repo, "--modified", "--others", "--exclude-standard"):
        source = repo / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    for name in _git_files(repo, "--deleted"):
        (dest / name).unlink(missing_ok=True)
    for shared in ("node_modules", ".venv-min"):  # axe-core, Lighthouse, Font Awesome; the oldest versions: shared, like the venv
        if (repo / shared).is_dir():
            (dest / shared).symlink_to(repo / shared, target_is_directory=True)
    if STAMP.is_file():  # a clone's files are new: never let make think the shared venv is out of date
        before = STAMP.stat().st_mtime - 1
        for name in ("pyproject.toml", "requirements.lock"):
            if (dest / name).exists():
                os.utime(dest / name, (before, before))
    return dest


def child_env(clone: Path) -> dict[str, str]:
    """The environment for commands run in the clone: its hzlib first, no make flags from `make bench`."""
    env = {key: value for key, value in os.environ.items() if key not in MAKE_ENV_NOISE}
    env["PYTHONPATH"] = str(clone)
    return env


def make_command(target: str) -> list[str]:
    """`make TARGET` as a user runs it on a set-up machine, with the shared venv and no reinstall."""
    return ["make", "--no-print-directory", "-o", str(STAMP), "-o", NODE_STAMP, "-o", MIN_STAMP, target, f"VENV={VENV}"]
