"""The book's Sphinx extension, `hzbook.sphinx` in _config.yml: three parts, each in its own module.

- `downloads`: every chapter offers its notebook and the CSV of the claims it shows; the data appendix
  lists every data file;
- `student`: the student edition (`HZBOOK_EDITION=student`, set by `hzbook build --edition student`)
  leaves every solution out of the pages, the search index and the downloadable notebooks;
- `html`: math typeset at build time, deferred scripts, meta descriptions, a favicon, the version,
  Font Awesome cut to the icons used.

It also makes Sphinx read again the notebooks whose cached execution changed (`HZBOOK_REREAD`,
set by `hzbook build` from `hzbook.plan`): Sphinx decides what to re-read from file times, and a
notebook re-executed because hzlib or the data changed has the same file as before.
"""
from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

REREAD_ENV = "HZBOOK_REREAD"


def setup(app: Sphinx) -> dict[str, Any]:
    """Load the three parts and the re-read hook."""
    app.setup_extension("hzbook.sphinx.student")
    app.setup_extension("hzbook.sphinx.downloads")
    app.setup_extension("hzbook.sphinx.html")
    app.connect("env-get-outdated", _reread)
    _hide_cells_in_every_html_builder(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}


def _reread(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The documents whose notebook was executed again since this edition's last build."""
    wanted = os.environ.get(REREAD_ENV, "").split()
    return [name for name in wanted if name in env.found_docs]


def _hide_cells_in_every_html_builder(app: Sphinx) -> None:
    """myst-nb registers the folded cells of `hide-input`/`hide-output` for the html translator only;
    the single-page build (the PDF) uses the theme's translator for singlehtml, which then fails on them."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_HideCellInput, depart_HideCellInput),
                 singlehtml=(visit_HideCellInput, depart_HideCellInput))
