"""Jupyter Book's build of one edition, with the edition's output folder and Sphinx configuration overrides.

`hzbook build` runs it as a subprocess (Sphinx and docutils keep global state; the log goes to a file):

    python -m hzbook.jupyterbook ROOT OUT --builder html [--overrides '{"language": "zh_CN"}']

jupyter-book's command line cannot pass Sphinx's `-D name=value` (jupyter-book #1791), so a language
could only come from a second configuration file, and it always writes `<path-output>/_build/<builder>`.
This runs the function that command line runs, `jupyter_book.sphinx.build_sphinx`, with the book's own
`_config.yml` and `_toc.yml`, warnings as errors and `--keep-going`, into the edition's folder, with the
edition's overrides merged last (the Chinese edition: `language: zh_CN`, its own execution cache).
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from .project import CONFIG, TOC


def main(argv: list[str] | None = None) -> int:
    """Build; return Sphinx's status (1 when the build raised)."""
    parser = argparse.ArgumentParser(prog="python -m hzbook.jupyterbook")
    parser.add_argument("root", type=Path, help="the book's folder (_config.yml, _toc.yml)")
    parser.add_argument("out", type=Path, help="the folder of the pages; doctrees go beside it")
    parser.add_argument("--builder", default="html", choices=["html", "singlehtml"])
    parser.add_argument("--overrides", default="{}", help="Sphinx configuration values, as a JSON object")
    args = parser.parse_args(argv)
    from jupyter_book.sphinx import build_sphinx

    root = args.root.resolve()
    overrides = {"external_toc_path": (root / TOC).as_posix(), "latex_individualpages": False, **json.loads(args.overrides)}
    print(f"jupyter-book: {root} -> {args.out} ({args.builder}); overrides {json.dumps(overrides, ensure_ascii=False)}")
    result = build_sphinx(root, args.out.resolve(), use_external_toc=True, noconfig=True, path_config=str(root / CONFIG),
                          confoverrides=overrides, builder=args.builder, warningiserror=True, keep_going=True)
    if isinstance(result, Exception):
        traceback.print_exception(result)
        return 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
