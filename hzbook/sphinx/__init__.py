"""The book's Sphinx extension, `hzbook.sphinx` in _config.yml: four parts, each in its own module.

- `downloads`: every chapter offers its notebook and the CSV of the claims it shows; the data appendix
  lists every data file;
- `student`: the student edition (`HZBOOK_EDITION=student`, set by `hzbook build --edition student`)
  leaves every solution out of the pages, the search index and the downloadable notebooks;
- `html`: math typeset at build time, deferred scripts, meta descriptions, a favicon, the version,
  Font Awesome cut to the icons used;
- `language`: the Chinese edition (`language: zh_CN`, set by `hzbook build --lang zh`): each page's
  source translated from the catalogs of locales/ before it is parsed, the interface texts of the
  parts above, and on every page a link to the same page in the other language.

It also makes Sphinx read again the notebooks whose cached execution changed (`HZBOOK_REREAD`,
set by `hzbook build` from `hzbook.plan`): Sphinx decides what to re-read from file times, and a
notebook re-executed because hzlib or the data changed has the same file as before.
"""
from __future__ import annotations

import os
from html import escape
from typing import Any

from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxTranslator

REREAD_ENV = "HZBOOK_REREAD"


def setup(app: Sphinx) -> dict[str, Any]:
    """Load the four parts and the re-read hook."""
    app.setup_extension("hzbook.sphinx.language")
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
    """Fold `hide-input`/`hide-output` cells in every HTML builder, with an accessible summary.

    myst-nb registers its node for the html translator only (the single-page build, the PDF, then fails on
    it), and gives the <summary> an aria-label ("Toggle hidden content") that differs from its visible
    text ("Show code cell source"): axe-core's label-content-name-mismatch. Without the label, the
    visible text is the accessible name, as WCAG 2.5.3 asks."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    visit = (_visit_folded_cell, depart_HideCellInput)
    app.add_node(HideCodeCellNode, override=True, html=visit, singlehtml=visit)


def _visit_folded_cell(self: SphinxTranslator, node: Element) -> None:
    """myst-nb's visit_HideCellInput without the aria-label that hides the summary's visible text."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")
