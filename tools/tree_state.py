"""Record the state of the working tree before a run and fail if the run changed it.

Usage: python tools/tree_state.py save FILE | compare FILE
The state is `git status` plus a hash of every modified or untracked file, so a run that
rewrites a committed notebook or data file, or leaves a stray file, is caught.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def state() -> dict[str, str]:
    """Path -> status and content hash of every file git does not see as clean."""
    status = subprocess.run(["git", "status", "--porcelain=v1", "-z", "--untracked-files=all"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    entries = {}
    for entry in filter(None, status.split("\0")):
        code, path = entry[:2], entry[3:]
        file = REPO / path
        digest = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "-"
        entries[path] = f"{code} {digest}"
    return entries


def main(argv: list[str]) -> int:
    """Save the state, or compare it with a saved one and list what changed."""
    if len(argv) != 2 or argv[0] not in {"save", "compare"}:
        print(__doc__, file=sys.stderr)
        return 2
    if not (REPO / ".git").exists():
        return 0  # not a clone (e.g. an unpacked archive): nothing to compare
    file = Path(argv[1])
    if argv[0] == "save":
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(state(), indent=1, sort_keys=True), encoding="utf-8")
        return 0
    before, after = json.loads(file.read_text(encoding="utf-8")), state()
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    if changed:
        print("the run changed the working tree (it must leave `git status` as it found it):", file=sys.stderr)
        for path in changed:
            print(f"  {path}: {before.get(path, 'clean')} -> {after.get(path, 'clean')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
