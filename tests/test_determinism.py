"""Every run gives the same book: notebooks re-execute to identical bytes, builds to identical HTML.

The slow tier (`make test-all`): every notebook executed a third time, two cold builds of a copy.
"""
from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hzbook.execute import execute

from .support.notebooks import REPO, toc_notebooks

pytestmark = pytest.mark.slow

# Files of a Jupyter Book build allowed to differ between two builds of the same sources, each
# with its reason. Every page, image, script and the search index must be identical.
VOLATILE: tuple[str, ...] = (
    ".buildinfo",  # Sphinx's hash of its configuration, which holds the source folder's absolute path
)


# An IPython startup file: every figure the kernel makes is one ulp larger in both dimensions. A
# chart whose stored SVG depends on a float's last bit (a hashed clip-path id, a coordinate at full
# precision) then comes out different, as it would on a CPU with other SIMD paths or another font build.
ONE_ULP_LARGER = """
def _figures_one_ulp_larger():
    import numpy
    from matplotlib.figure import Figure

    original = Figure.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        width, height = self.get_size_inches()
        self.set_size_inches(numpy.nextafter(width, numpy.inf), numpy.nextafter(height, numpy.inf), forward=False)

    Figure.__init__ = init


_figures_one_ulp_larger()
del _figures_one_ulp_larger
"""


def perturbed_ipython(folder: Path) -> Path:
    """An IPYTHONDIR whose startup file makes every figure one ulp larger."""
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-one-ulp-larger.py").write_text(ONE_ULP_LARGER, encoding="utf-8")
    return folder


def first_difference(stored: Path, rerun: Path) -> str:
    """Where two versions of a notebook first differ: cell, output, MIME type and the text around it."""
    left, right = (json.loads(p.read_text(encoding="utf-8")) for p in (stored, rerun))
    for number, (a, b) in enumerate(zip(left["cells"], right["cells"], strict=False)):
        if a == b:
            continue
        for index, (out_a, out_b) in enumerate(zip(a.get("outputs", []), b.get("outputs", []), strict=False)):
            for mime in sorted(set(out_a.get("data", {})) | {"text"}):
                x = "".join(out_a.get("data", {}).get(mime, out_a.get(mime, "")))
                y = "".join(out_b.get("data", {}).get(mime, out_b.get(mime, "")))
                if x != y:
                    at = next(i for i, (p, q) in enumerate(zip(x + "\0", y + "\1", strict=False)) if p != q)
                    return f"cell {number}, output {index}, {mime}: stored {x[at - 40:at + 40]!r}, now {y[at - 40:at + 40]!r}"
        return f"cell {number} (its source, metadata or number of outputs)"
    return "the notebook's metadata or number of cells"


def _re_executed(notebook: Path, folder: Path) -> Path:
    copy = folder / notebook.name
    shutil.copy(notebook, copy)
    execute(copy)
    return copy


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.name)
def test_re_executing_with_every_figure_one_ulp_larger_rewrites_identical_bytes(
        notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPYTHONDIR", str(perturbed_ipython(tmp_path / "ipython")))
    copy = _re_executed(notebook, tmp_path)
    assert copy.read_bytes() == notebook.read_bytes(), (
        f"{notebook.name} changes when re-executed with every figure one ulp larger: an output depends on "
        f"a float's last bits (or varies between runs); first difference: {first_difference(notebook, copy)}"
    )


def dispatched_cpu_features() -> list[str]:
    """The SIMD features numpy dispatches to at run time that this CPU has (its baseline cannot be disabled)."""
    from numpy._core import _multiarray_umath as umath

    return [name for name in umath.__cpu_dispatch__ if umath.__cpu_features__.get(name)]


def test_re_executing_a_chapter_with_numpys_simd_dispatch_changed_gives_identical_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    features = dispatched_cpu_features()
    assert features, "numpy dispatches to no SIMD feature on this CPU: nothing to disable"
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", " ".join(features))
    probe = subprocess.run(
        [sys.executable, "-c", "from numpy._core import _multiarray_umath as u; "
         "print(' '.join(n for n in u.__cpu_dispatch__ if u.__cpu_features__.get(n)))"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.split() == [], f"numpy ignored NPY_DISABLE_CPU_FEATURES: still uses {probe.stdout}"
    chapter = REPO / "book" / "1-1-growth.ipynb"
    copy = _re_executed(chapter, tmp_path)
    assert copy.read_bytes() == chapter.read_bytes(), (
        f"{chapter.name} changes when numpy may not use {', '.join(features)}: an output depends on "
        f"the CPU's SIMD code path; first difference: {first_difference(chapter, copy)}"
    )


def _build(source: Path) -> Path:
    """A cold Jupyter Book build of a copy of the sources; returns its html folder."""
    source.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "pyproject.toml", "requirements.lock", "book", "data", "hzbook", "hzlib"):
        path = REPO / name
        (shutil.copytree if path.is_dir() else shutil.copy)(path, source / name, **({"ignore": shutil.ignore_patterns(
            "__pycache__")} if path.is_dir() else {}))
    # `python -m hzbook` in the copy runs the copy's hzbook, which looks for Font Awesome in the copy (`make setup`'s npm ci)
    (source / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    result = subprocess.run([sys.executable, "-m", "hzbook", "build"], cwd=source, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return source / "_build" / "html"


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = [f"only in one build: {name}" for name in comparison.left_only + comparison.right_only]
    found += [name for name in comparison.diff_files if not filecmp.cmp(left / name, right / name, shallow=False)]
    for sub in comparison.common_dirs:
        found += [f"{sub}/{name}" for name in _differences(left / sub, right / sub)]
    return found


def test_two_builds_give_identical_html(tmp_path: Path) -> None:
    # Two cold builds: an incremental build (as `make book` often is) may legitimately differ from
    # a cold one in the search index and navigation, so it is no reference.
    first, second = _build(tmp_path / "first"), _build(tmp_path / "second")
    differences = [d for d in _differences(first, second) if d.removeprefix("only in one build: ") not in VOLATILE]
    assert not differences, f"two builds of the same sources differ: {differences[:20]}"
