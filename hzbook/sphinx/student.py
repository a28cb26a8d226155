"""The student edition: no solutions anywhere, chosen by `HZBOOK_EDITION=student` (`hzbook build --edition student`).

The edition is read here, at `config-inited`: it sets sphinx-exercise's `hide_solutions` and adds
"(student edition)" to the title, so no second configuration file is generated or kept in step.


The chapters write solutions as `solution-start` … `solution-end` (so a solution can hold code
cells). sphinx-exercise 1.2's `hide_solutions: true` drops only the start marker: the solution's
content then shows, unfolded, and the orphaned end marker crashes the HTML writer. With this
extension, `hide_solutions: true` (the student edition, `make book STUDENT=1`) leaves every
solution out of the pages, the search index and the downloadable notebooks (`_sources/`).
With `hide_solutions: false` it changes nothing.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_node

from ..downloads import strip_solutions
from .language import text

EDITION_ENV = "HZBOOK_EDITION"
TITLE_SUFFIX = " (student edition)"


class GatedSolutionStart(SolutionStartDirective):
    """`solution-start` that keeps its marker under hide_solutions, so the whole solution can be removed."""

    def run(self) -> list[nodes.Node]:
        """Build the marker as sphinx-exercise does without hide_solutions; `_drop_solutions` removes it later."""
        config = self.env.app.config
        if not config.hide_solutions:
            return super().run()
        config.hide_solutions = False  # sphinx-exercise reads this flag inside run(); restored at once
        try:
            return super().run()
        finally:
            config.hide_solutions = True


def setup(app: Sphinx) -> dict[str, Any]:
    """Load sphinx-exercise first, then replace its `solution-start` and drop solutions when asked."""
    app.setup_extension("sphinx_exercise")
    app.connect("config-inited", _choose_edition)
    app.add_directive("solution-start", GatedSolutionStart, override=True)
    app.connect("doctree-read", _drop_solutions)
    app.connect("build-finished", _strip_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def is_student_edition() -> bool:
    """Whether this build is the student edition (`HZBOOK_EDITION=student`)."""
    return os.environ.get(EDITION_ENV, "book") == "student"


def _choose_edition(app: Sphinx, config: Any) -> None:
    """The student edition hides every solution and says so in its title."""
    if is_student_edition():
        config.hide_solutions = True
        config.html_title = f"{config.html_title or config.project}{text(app, TITLE_SUFFIX)}"


def _drop_solutions(app: Sphinx, doctree: nodes.document) -> None:
    """Remove every solution (gated ones were merged into solution nodes by sphinx-exercise's transforms)."""
    if not app.config.hide_solutions:
        return
    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def _strip_sources(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite the copied notebooks (the theme's .ipynb download) without their solutions."""
    if exception is not None or not app.config.hide_solutions or app.builder.format != "html":
        return
    for path in Path(app.outdir, "_sources").rglob("*.ipynb"):
        notebook = strip_solutions(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
