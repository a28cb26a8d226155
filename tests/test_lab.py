"""`make lab` for real: JupyterLab from the project's environment, a chapter run through its interface in Chromium.

The server is hzbook.lab's command (the one `make lab` starts) on a free port with a known token,
serving a temporary folder that holds a copy of book/1-1-growth.ipynb with its outputs cleared,
so the committed notebook is never opened and what the page shows comes from this run. Jupyter's
config, data, runtime and settings folders point into that temporary folder too (Jupyter writes
nothing to the repository or the home folder). Headless Chromium (Debian's, through Playwright)
opens the chapter, picks Run > Run All Cells from the menu bar, and waits until every code cell
has its execution count and the kernel is idle. Then: no cell shows an error or anything on
stderr; every chart is an SVG with Chinese text in "Noto Sans CJK SC", drawn with real glyphs (no
empty boxes); File > Save writes the very bytes of the committed notebook ("Restart and run all
shows the stored outputs"); the browser asked nothing of any host but 127.0.0.1 and no request
failed. The server is stopped by its process id (terminate, then kill), whatever happens.
"""
from __future__ import annotations

import base64
import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Page, Route, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from hzbook.chromium import CHROMIUM, CHROMIUM_ARGS
from hzbook.lab import command, environment, url, write_overrides

from .conftest import REPO

pytestmark = pytest.mark.slow  # chapter 1.1 executed a third time, in a browser

CHAPTER = REPO / "book" / "1-1-growth.ipynb"
START_TIMEOUT_S = 90
RUN_TIMEOUT_MS = 240_000
CJK = re.compile(r"[\u3400-\u9fff]")
CJK_FONT = "Noto Sans CJK SC"
# Jupyter folders that would otherwise be the user's (~/.jupyter, ~/.local/share/jupyter, ~/.ipython).
PRIVATE_DIRS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR")

# Every code cell has run (a number in its prompt, none waiting with "*") and the kernel is idle.
DONE_JS = """(n) => {
  const prompts = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'),
                             (p) => p.textContent.trim());
  const status = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return prompts.length === n && prompts.every((p) => /^\\[\\d+\\]:$/.test(p))
    && !!status && status.dataset.status === 'idle';
}"""

# What the notebook shows once it ran: prompts, error and stderr outputs, the charts' SVG sources.
SHOWN_JS = """async () => {
  const cells = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell'));
  const svgs = [];
  for (const el of document.querySelectorAll('.jp-NotebookPanel .jp-RenderedSVG')) {
    const img = el.querySelector('img');
    const inline = el.querySelector('svg');
    if (img) {
      if (!img.complete) { try { await img.decode(); } catch (e) {} }
      svgs.push({src: img.getAttribute('src') || '', width: img.naturalWidth, height: img.naturalHeight, inline: ''});
    } else if (inline) {
      const r = inline.getBoundingClientRect();
      svgs.push({src: '', width: r.width, height: r.height, inline: inline.outerHTML});
    }
  }
  return {
    prompts: cells.map((c) => c.querySelector('.jp-InputPrompt').textContent.trim()),
    errors: Array.from(document.querySelectorAll(
      '.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'),
      (e) => e.textContent.slice(0, 500)),
    svgs,
  };
}"""

# Draw each character in the chart's font on a canvas: a character the font lacks is drawn as the
# same empty box as an unassigned code point (tofu), so each must differ from that box and be inked.
GLYPHS_JS = """([chars, family]) => {
  const c = document.createElement('canvas');
  c.width = 48; c.height = 48;
  const ctx = c.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => {
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 48, 48);
    ctx.fillStyle = '#000'; ctx.font = `32px "${family}"`; ctx.textBaseline = 'top';
    ctx.fillText(ch, 4, 4);
    const d = ctx.getImageData(0, 0, 48, 48).data;
    let ink = 0, sig = '';
    for (let i = 0; i < d.length; i += 4) { const on = d[i] < 128; ink += on; sig += on ? '1' : '0'; }
    return {ink, sig};
  };
  const tofu = draw('\\u0378');  // unassigned in Unicode: every font draws its "missing glyph" box
  return chars.map((ch) => { const g = draw(ch); return {ch, ink: g.ink, tofu: g.sig === tofu.sig}; });
}"""


@dataclass
class Lab:
    """A running JupyterLab server and where it keeps things."""

    port: int
    token: str
    root: Path
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Browsing:
    """What the browser saw while the chapter ran."""

    seconds_to_open: float = 0.0
    seconds_to_run: float = 0.0
    shown: dict[str, Any] = field(default_factory=dict)
    glyphs: list[dict[str, Any]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    saved: bytes = b""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Stop the server by its process id: SIGTERM (it shuts its kernels down), SIGKILL after `timeout`."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    # whatever a killed server left in its own process group (kernels get a session of their own and
    # exit with their parent: ipykernel watches it)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def cleared_copy(source: Path, folder: Path) -> Path:
    """A copy of a notebook with every output and execution count removed."""
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / source.name)
    return folder / source.name


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab, started as `make lab` starts it, on a temporary folder holding a cleared copy of the chapter."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "book"
    cleared_copy(CHAPTER, root)
    env = environment({**os.environ, **{name: str(home / name.lower()) for name in PRIVATE_DIRS}})
    write_overrides()
    port, token, log = free_port(), "hz-lab-test-token", home / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command(root, port, token), env=env, cwd=home, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer in {START_TIMEOUT_S} s:\n{log.read_text(errors='replace')}")
                time.sleep(0.3)
        yield Lab(port, token, root, process, log)
    finally:
        stop(process)


# What the notebook looks like when a wait times out: each code cell's prompt, the kernel's status, any dialog.
STATE_JS = """() => ({
  prompts: Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'),
                      (p) => p.textContent.trim()).join(' '),
  kernel: (document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator') || {dataset: {}}).dataset.status,
  dialog: (document.querySelector('.jp-Dialog') || {}).innerText || '',
})"""


def _wait(page: Page, lab: Lab, what: str, js: str, arg: object = None, timeout: int | None = None) -> None:
    """Wait until `js` holds; on a timeout, fail saying what the page and the server showed (and keep a screenshot)."""
    timeout = RUN_TIMEOUT_MS if timeout is None else timeout
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout, polling=100)
    except PlaywrightTimeout:
        shot = lab.root.parent / "timeout.png"
        page.screenshot(path=str(shot))
        log = lab.log.read_text(errors="replace")[-3000:]
        pytest.fail(f"JupyterLab: {what} did not happen in {timeout / 1000:g} s; the page showed "
                    f"{page.evaluate(STATE_JS)} (screenshot {shot}); the server's log ends:\n{log}")


def _menu(page: Page, menu: str, item: str) -> None:
    """Pick an item of the menu bar, as a person does with the mouse."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()


def _local(address: str, port: int) -> bool:
    """Whether a request stays on this machine: the lab server itself, or a data/blob URL."""
    parts = urllib.parse.urlsplit(address)
    return parts.scheme in ("data", "blob", "about") or (parts.hostname == "127.0.0.1" and parts.port == port)


@pytest.fixture(scope="module")
def browsing(lab: Lab) -> Browsing:
    """Open the chapter in headless Chromium, run all cells from the menu, save, and record what was seen."""
    seen = Browsing()
    notebook = nbformat.read(CHAPTER, as_version=4)
    n_code = sum(cell.cell_type == "code" for cell in notebook.cells)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})

            def route(request_route: Route) -> None:
                if _local(request_route.request.url, lab.port):
                    request_route.continue_()
                else:
                    seen.outside.append(request_route.request.url)
                    request_route.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and seen.console_errors.append(m.text))
            page.on("pageerror", lambda e: seen.console_errors.append(f"uncaught: {e}"))
            page.on("requestfailed", lambda r: seen.failed.append(f"{r.url}: {r.failure}"))
            page.on("response", lambda r: r.status >= 400 and seen.failed.append(f"HTTP {r.status} for {r.url}"))
            start = time.monotonic()
            page.goto(url(lab.port, lab.token, CHAPTER.name))
            _wait(page, lab, "the chapter opening with an idle kernel",
                  "() => !!document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')")
            _wait(page, lab, f"all {n_code} code cells showing",
                  "(n) => document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length === n", n_code)
            seen.seconds_to_open = time.monotonic() - start
            start = time.monotonic()
            _menu(page, "Run", "Run All Cells")
            _wait(page, lab, "Run All Cells finishing (every cell numbered, the kernel idle)", DONE_JS, n_code)
            seen.seconds_to_run = time.monotonic() - start
            seen.shown = page.evaluate(SHOWN_JS)
            chars = sorted({ch for svg in _svg_texts(seen.shown) for ch in CJK.findall(svg)})
            seen.glyphs = page.evaluate(GLYPHS_JS, [chars, CJK_FONT])
            _menu(page, "File", "Save Notebook")
            _wait(page, lab, "the notebook being saved",
                  "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')", timeout=60_000)
            seen.saved = (lab.root / CHAPTER.name).read_bytes()
        finally:
            browser.close()
    print(f"\n{CHAPTER.name} through JupyterLab: opened, kernel idle in {seen.seconds_to_open:.1f} s; "
          f"Run All Cells took {seen.seconds_to_run:.1f} s ({n_code} code cells)")
    return seen


def _svg_texts(shown: dict[str, Any]) -> list[str]:
    """The SVG source of every chart the page shows (an <img> data URL decoded, or inline markup)."""
    texts = []
    for svg in shown["svgs"]:
        src = svg["src"]
        if src.startswith("data:image/svg+xml;base64,"):
            texts.append(base64.b64decode(src.split(",", 1)[1]).decode("utf-8"))
        elif src.startswith("data:image/svg+xml"):
            texts.append(urllib.parse.unquote(src.split(",", 1)[1]))
        else:
            texts.append(svg["inline"])
    return texts


def test_every_cell_ran_without_an_error(browsing: Browsing) -> None:
    prompts = browsing.shown["prompts"]
    assert prompts == [f"[{i}]:" for i in range(1, len(prompts) + 1)], prompts
    assert browsing.shown["errors"] == [], "a cell showed an error or wrote to stderr"


def test_the_charts_render_as_svg_with_chinese_text_in_the_cjk_font(browsing: Browsing) -> None:
    stored = [out for cell in nbformat.read(CHAPTER, as_version=4).cells if cell.cell_type == "code"
              for out in cell.outputs if "image/svg+xml" in out.get("data", {})]
    texts = _svg_texts(browsing.shown)
    assert len(texts) == len(stored) > 0
    for svg, text in zip(browsing.shown["svgs"], texts, strict=True):
        assert svg["width"] > 100 and svg["height"] > 100, svg
        assert CJK.search(text), "a chart without Chinese text"
        assert CJK_FONT in text, f"a chart whose text is not set in {CJK_FONT}"


def test_the_chinese_glyphs_are_drawn_not_boxes(browsing: Browsing) -> None:
    assert browsing.glyphs, "no Chinese character in the charts"
    tofu = [g["ch"] for g in browsing.glyphs if g["tofu"] or g["ink"] == 0]
    assert not tofu, f"drawn as empty boxes in {CJK_FONT}: {''.join(tofu)}"


def test_restart_and_run_all_gives_the_stored_notebook_byte_for_byte(browsing: Browsing) -> None:
    assert browsing.saved == CHAPTER.read_bytes(), (
        "the notebook JupyterLab saved after Run All differs from the committed one")


def test_the_interface_stayed_offline_and_nothing_failed(browsing: Browsing, lab: Lab) -> None:
    assert browsing.outside == [], "the browser asked another host"
    assert browsing.failed == []
    assert browsing.console_errors == []
    log = lab.log.read_text(errors="replace")
    assert not re.search(r"^\[(E|C) ", log, re.MULTILINE), f"the server logged an error:\n{log}"
