"""The build and the tests run with no network: hzbook.offline really isolates a command."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hzbook import offline


def _offline(code: str, monkeypatch: pytest.MonkeyPatch) -> subprocess.CompletedProcess[str]:
    monkeypatch.delenv("HZ_OFFLINE", raising=False)  # inside `hzbook test` this process is offline already
    monkeypatch.delenv("HZ_ONLINE", raising=False)
    return subprocess.run(offline.command([sys.executable, "-c", code]), capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})


def test_offline_namespace_has_only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _offline("import socket; print(sorted(name for _, name in socket.if_nameindex()))", monkeypatch)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['lo']"


def test_loopback_works_offline_for_kernels_and_the_browser_check(monkeypatch: pytest.MonkeyPatch) -> None:
    code = ("import socket; s = socket.create_server(('127.0.0.1', 0)); "
            "c = socket.create_connection(s.getsockname()); print('connected')")
    result = _offline(code, monkeypatch)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "connected"


def test_name_resolution_fails_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _offline("import socket\ntry:\n    socket.getaddrinfo('pypi.org', 443)\nexcept OSError:\n    print('no network')",
                      monkeypatch)
    assert result.stdout.strip() == "no network", result.stdout + result.stderr


def test_a_process_already_offline_is_not_wrapped_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HZ_OFFLINE", "1")
    assert offline.command(["true"]) == ["true"]
    assert os.environ["HZ_OFFLINE"] == "1"
