"""Re-execute notebooks in place and store their outputs, byte-stable from run to run.

`hzbook execute book/1-1-growth.ipynb [...]` (`make execute NB=…`). No timing metadata is recorded, so
re-running an unchanged notebook rewrites identical bytes.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
STABLE_ENV = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1599609600", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}


def execute(path: Path) -> None:
    """Run every cell of one notebook in a fresh kernel, in its own folder, and write it back."""
    notebook = nbformat.read(path, as_version=4)
    os.environ.update(STABLE_ENV)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    _alt_text_to_cell_metadata(notebook)
    for volatile in ("widgets", "jupytext"):
        notebook.metadata.pop(volatile, None)
    notebook.metadata["kernelspec"] = KERNELSPEC
    nbformat.write(notebook, path)


def _alt_text_to_cell_metadata(notebook: nbformat.NotebookNode) -> None:
    """Copy the alt text hzlib.plot.show() puts in an image output into the cell's metadata,
    where myst-nb reads it (`mystnb.image.alt`)."""
    for cell in notebook.cells:
        alts = [meta["alt"] for output in cell.get("outputs", []) for meta in output.get("metadata", {}).values()
                if isinstance(meta, dict) and "alt" in meta]
        if alts:
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = " ".join(dict.fromkeys(alts))
        elif "image" in cell.metadata.get("mystnb", {}):
            del cell.metadata["mystnb"]["image"]
