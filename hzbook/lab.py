"""Start JupyterLab on the book's notebooks, from the project's environment, with no network use.

`hzbook lab [--port PORT] [--root DIR] [--token TOKEN]`; `make lab` runs it on book/ and port 8888
(`make lab PORT=9000` for another). It prints the URL to open (with a fresh token) and replaces
itself with `jupyter lab`: Ctrl+C stops the server.

Offline by configuration, not by luck: bound to 127.0.0.1 only, no browser opened, the port
taken as given (no silent fallback to another one, so the printed URL is right), no news feed and
no update check (server and front end), the read-only extension manager (the PyPI one queries
pypi.org). The front end's settings for news and updates are written as JupyterLab's
"overrides" into this environment's application settings folder (`overrides.d/hzlib.json`),
so a user's own settings still win. tests/test_lab.py starts the same command.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import sys
from pathlib import Path

# Front-end settings (JupyterLab's overrides): never ask for, fetch or check news and updates.
OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"}}
OVERRIDES_FILE = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "hzlib.json"


def write_overrides(path: Path = OVERRIDES_FILE) -> Path:
    """Write the front-end settings that keep JupyterLab off the network (unchanged file: not rewritten)."""
    text = json.dumps(OVERRIDES, indent=2) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def command(root: Path, port: int, token: str) -> list[str]:
    """The `jupyter lab` command line: JupyterLab serving `root` on 127.0.0.1:`port`, offline."""
    return [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--ServerApp.open_browser=False", f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        # Jupyter refuses to run as root unless told; a container's root user (and this CI) is one.
        *(["--ServerApp.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: this environment's kernel and settings before a user's own."""
    return {**(os.environ if base is None else base), "JUPYTER_PREFER_ENV_PATH": "1"}


def url(port: int, token: str, path: str = "") -> str:
    """The address to open in a browser: the lab, or one file in it (`path` relative to the root)."""
    page = f"lab/tree/{path}" if path else "lab"
    return f"http://127.0.0.1:{port}/{page}?token={token}"


def serve(root: Path, port: int, token: str | None = None) -> int:
    """Print the URL, then become the JupyterLab server on `root` (returns 2, with a message, if it cannot start)."""
    root = root.resolve()
    if not root.is_dir():
        print(f"lab: no folder {root}", file=sys.stderr)
        return 2
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: a closing port is free
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            print(f"lab: port {port} on 127.0.0.1 is in use; choose another: make lab PORT=8889", file=sys.stderr)
            return 2
    token = token or secrets.token_hex(24)
    write_overrides()
    print(f"\nJupyterLab on {root}, offline. Open this address in your browser (Ctrl+C here stops the server):\n\n"
          f"    {url(port, token)}\n", flush=True)
    cmd = command(root, port, token)
    os.execve(cmd[0], cmd, environment())
    return 0  # not reached: execve replaces this process
