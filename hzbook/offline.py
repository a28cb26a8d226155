"""Run a command with no network at all: in a new network namespace where only loopback is up.

Jupyter kernels and the browser checks talk over 127.0.0.1, so loopback stays; everything else is
gone, which proves that building and testing download nothing. `HZ_ONLINE=1` runs commands as they
are, for machines without user namespaces. `HZ_OFFLINE=1` marks a process already inside one.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence

SHELL = 'ip link set lo up && HZ_OFFLINE=1 exec "$@"'


class OfflineError(RuntimeError):
    """No network namespace can be made here; the message says what to do."""


def is_offline() -> bool:
    """Whether this process already runs without network (or was told to run online)."""
    return os.environ.get("HZ_OFFLINE") == "1" or os.environ.get("HZ_ONLINE") == "1"


def command(argv: Sequence[str]) -> list[str]:
    """`argv` wrapped to run in a namespace with loopback only (unchanged when already offline or HZ_ONLINE=1)."""
    if is_offline():
        return list(argv)
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False).returncode != 0:
        raise OfflineError("cannot create a network namespace (unshare -rn failed): run as root, enable unprivileged "
                           "user namespaces, or set HZ_ONLINE=1 to run with the network")
    return [unshare, "-rn", "sh", "-c", SHELL, "offline", *argv]
