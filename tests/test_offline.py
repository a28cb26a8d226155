"""The build and the tests run with no network: tools/offline.sh really isolates a command."""
from __future__ import annotations

import subprocess
import sys

from .conftest import REPO

OFFLINE = str(REPO / "tools" / "offline.sh")


def _offline(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OFFLINE, sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})


def test_offline_namespace_has_only_loopback() -> None:
    result = _offline("import socket; print(sorted(name for _, name in socket.if_nameindex()))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['lo']"


def test_loopback_works_offline_for_kernels_and_the_browser_check() -> None:
    code = ("import socket; s = socket.create_server(('127.0.0.1', 0)); "
            "c = socket.create_connection(s.getsockname()); print('connected')")
    result = _offline(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "connected"


def test_name_resolution_fails_offline() -> None:
    result = _offline("import socket\ntry:\n    socket.getaddrinfo('pypi.org', 443)\nexcept OSError:\n    print('no network')")
    assert result.stdout.strip() == "no network", result.stdout + result.stderr
