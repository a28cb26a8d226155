"""`make bench`: measure what each step costs on this machine; print a table, write bench/results.json.

Usage: python -m bench.run [--runs N] [--costly-runs N] [--settle S] [--touch book/X.ipynb] [--no-test] [--keep]
                           [--web-only]
Medians: cheap steps (warm and one-notebook rebuilds) of --runs (3), the Python timings of 7 fresh
interpreters, costly steps (cold builds, executing every notebook, nbval) of --costly-runs (2);
`make test` runs once. Builds and tests run in a throw-away clone (bench.sandbox). Before each
timed command the bench waits up to --settle seconds (20; 240 in all) for other processes to
leave the CPU, and records how much CPU they used while it ran. A run that another process
disturbed (over a quarter of a core) is kept in the results and marked, and left out of the median
when undisturbed runs of the step exist; a serial/parallel comparison with one gets a pair more.
The built site's heaviest page is weighed (bench.pageweight) and Lighthouse audits three pages
(bench.lighthouse). --web-only does only that, after one build in the clone, and updates those
two entries of bench/results.json. About 10 minutes on 2 idle cores.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import book, lighthouse, timing
from .pageweight import heaviest_page
from .python_costs import python_costs
from .report import table, targets
from .sandbox import child_env, clone_worktree
from .timing import DISTURBED, BenchError, median, progress

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"


def _is_disturbed(run: dict[str, object]) -> bool:
    """Whether other processes used more than a quarter of a core while this run ran."""
    return float(run["others_cores"]) > DISTURBED  # type: ignore[arg-type]


def _medians(runs: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    """Per step: the median of the runs no other process disturbed (of all runs if every one was), and of all runs."""
    out: dict[str, object] = {}
    for name, found in runs.items():
        seconds = [float(r["seconds"]) for r in found]  # type: ignore[arg-type]
        quiet = [float(r["seconds"]) for r in found if not _is_disturbed(r)]  # type: ignore[arg-type]
        out[name] = {"median": median(quiet or seconds), "median_all_runs": median(seconds),
                     "disturbed_runs": sum(_is_disturbed(r) for r in found), "runs": found}
    return out


def _disturbed(runs: list[dict[str, object]]) -> bool:
    """Whether another process disturbed any of these runs."""
    return any(_is_disturbed(r) for r in runs)


def _pairs(runs: int, what: str, measure_one: Callable[[str], dict[str, object]], modes: tuple[str, str]) -> dict[str, list[dict[str, object]]]:
    """Alternate serial and parallel runs; one pair more if another process disturbed any of them."""
    found: dict[str, list[dict[str, object]]] = {m: [] for m in modes}
    total = runs
    i = 0
    while i < total:
        for mode in modes:
            progress(f"{what}, {mode} ({i + 1}/{total})")
            found[mode].append(measure_one(mode))
        i += 1
        if i == total == runs and _disturbed(found[modes[0]] + found[modes[1]]):
            total += 1
    return found


def measure_execution(clone: Path, env: dict[str, str], runs: int) -> dict[str, object]:
    """Every notebook of the book executed one after another, then in parallel, alternately; nbval likewise."""
    notebooks = book.toc_notebooks(clone)
    alone: dict[str, list[float]] = {}

    def execute(mode: str) -> dict[str, object]:
        wall, seconds = book.execute_all(clone, env, f"local-{mode}", notebooks)
        for name, s in seconds.items() if mode == "serial" else ():
            alone.setdefault(name, []).append(s)
        return wall  # type: ignore[return-value]

    walls = _pairs(runs, f"execute {len(notebooks)} notebooks with jupyter-cache", execute, ("serial", "parallel"))
    nbval = _pairs(runs, "nbval over book/", lambda mode: book.nbval(clone, env, mode), ("serial", "parallel"))
    return {"execute": _medians(walls), "nbval": _medians(nbval),
            "notebooks_s": dict(sorted(((n, median(s)) for n, s in alone.items()), key=lambda x: -x[1]))}


def measure_builds(clone: Path, env: dict[str, str], args: argparse.Namespace, touch: Path) -> dict[str, object]:
    """Cold builds; warm rebuilds with nothing changed, then with only README.md touched (jupyter-book
    runs but has nothing to redo); rebuilds after a real code-cell edit of `touch`. Leaves the clone built and clean."""
    found: dict[str, list[dict[str, object]]] = {"cold": [], "warm": [], "sphinx_no_op": [], "one_notebook_changed": []}
    for i in range(args.costly_runs):
        progress(f"cold build ({i + 1}/{args.costly_runs})")
        found["cold"].append(book.cold_build(clone, env))
    for i in range(args.runs):
        progress(f"warm rebuild, nothing changed ({i + 1}/{args.runs})")
        found["warm"].append(book.build(clone, env))
    for i in range(args.runs):
        progress(f"rebuild after touching README.md: jupyter-book runs, nothing to redo ({i + 1}/{args.runs})")
        book.touch_after_last_build(clone, "README.md")
        found["sphinx_no_op"].append(book.build(clone, env))
    original = (clone / touch).read_bytes()
    for i in range(args.runs):
        progress(f"rebuild after a code-cell edit of {touch} ({i + 1}/{args.runs})")
        book.edit_code_cell(clone, touch, f"bench edit {i + 1}")
        found["one_notebook_changed"].append(book.build(clone, env))
    (clone / touch).write_bytes(original)
    book.build(clone, env)  # back to the committed notebook, so that `make test` sees the real tree
    return {**_medians(found), "touched_notebook": touch.as_posix()}


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    """Every measurement, in an order that leaves the clone built and clean for `make test`."""
    res: dict[str, object] = {"machine": {"cpu_count": os.cpu_count(), "load_average_start": os.getloadavg(),
                                          "python": platform.python_version(),
                                          "date": datetime.datetime.now().isoformat(timespec="seconds")},
                              "settings": {"runs": args.runs, "costly_runs": args.costly_runs, "settle_s": args.settle}}
    progress("import hzlib / pandas and hzlib.claims(), 7 fresh interpreters")
    res["python"] = python_costs(REPO, {k: v for k, v in os.environ.items() if k != "HZLIB_DATA"}, max(args.runs, 7))
    clone = clone_worktree(REPO, workdir / "repo")
    env = child_env(clone)
    res.update(measure_execution(clone, env, args.costly_runs))
    touch = Path(args.touch) if args.touch else Path("book") / next(iter(res["notebooks_s"]))  # type: ignore[call-overload]
    res["build"] = measure_builds(clone, env, args, touch)
    res["heaviest_page"] = heaviest_page(clone / "_build" / "html")
    progress(f"Lighthouse on {', '.join(lighthouse.PAGES)}")
    res["lighthouse"] = lighthouse.measure(clone / "_build" / "html")
    if not args.no_test:
        progress("make test (once)")
        res["make_test"] = book.make_test(clone, env)
    res["machine"]["load_average_end"] = os.getloadavg()  # type: ignore[index]
    return res


def main(argv: list[str]) -> int:
    """Parse options, measure in a temporary folder, print and save the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each cheap step (median reported)")
    parser.add_argument("--costly-runs", type=int, default=2, help="runs of each costly step")
    parser.add_argument("--settle", type=float, default=20, help="seconds a step may wait for an idle CPU (0: never)")
    parser.add_argument("--touch", help="the notebook to edit for the one-notebook rebuild (default: the slowest)")
    parser.add_argument("--no-test", action="store_true", help="skip `make test`")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone and print its path")
    parser.add_argument("--ratio-only", action="store_true",
                        help="only a cold `make book` and then `make test` in one clone, and their ratio (target: at most 4)")
    parser.add_argument("--web-only", action="store_true",
                        help="only the page weight and Lighthouse, after one build; update those in bench/results.json")
    args = parser.parse_args(argv)
    timing.SETTLE_SECONDS = args.settle
    if args.web_only:
        return web_only(args)
    if args.ratio_only:
        return ratio_only(args)
    workdir = Path(tempfile.mkdtemp(prefix="hz-bench-"))
    try:
        res = measure(args, workdir)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            progress(f"clone kept in {workdir / 'repo'}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    res["targets"] = [{"what": w, "measured": v, "limit": lim, "unit": u, "met": v <= lim} for w, v, lim, u in targets(res)]
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(res))
    if "make_test" in res:
        print(ratio(float(res["build"]["cold"]["median"]), float(res["make_test"]["seconds"])))  # type: ignore[index]
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")
    return 0


def ratio(cold_book_s: float, make_test_s: float) -> str:
    """The line that compares `make test` with a cold `make book` measured in the same run."""
    verdict = "met" if make_test_s <= 4 * cold_book_s else "MISSED"
    return (f"  make test {make_test_s:.1f} s / cold make book {cold_book_s:.1f} s = {make_test_s / cold_book_s:.2f}x "
            f"(target at most 4x: {verdict})")


def ratio_only(args: argparse.Namespace) -> int:
    """A cold `make book` and then `make test` (the fast tier) in one clone, one after the other; print the ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="hz-bench-"))
    try:
        clone = clone_worktree(REPO, workdir / "repo")
        env = child_env(clone)
        progress("cold make book")
        cold = book.cold_build(clone, env)
        progress("make test (once)")
        tested = book.make_test(clone, env)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True) if not args.keep else progress(f"clone kept in {workdir / 'repo'}")
    res = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    res["ratio"] = {"cold_make_book": cold, "make_test": tested, "date": datetime.datetime.now().isoformat(timespec="seconds"),
                    "load_average_end": os.getloadavg(), "cpu_count": os.cpu_count()}
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(ratio(float(cold["seconds"]), float(tested["seconds"])))  # type: ignore[arg-type]
    print(f"  make test: {tested['summary']} (exit {tested['returncode']})")
    return 0 if tested["returncode"] == 0 else 1


def web_only(args: argparse.Namespace) -> int:
    """Build the clone once, weigh its heaviest page, run Lighthouse; update only those in the results."""
    workdir = Path(tempfile.mkdtemp(prefix="hz-bench-"))
    try:
        clone = clone_worktree(REPO, workdir / "repo")
        progress("build the book in the clone")
        book.build(clone, child_env(clone))
        site = clone / "_build" / "html"
        web = {"heaviest_page": heaviest_page(site)}
        progress(f"Lighthouse on {', '.join(lighthouse.PAGES)}")
        web["lighthouse"] = lighthouse.measure(site)
    except (BenchError, FileNotFoundError, RuntimeError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True) if not args.keep else progress(f"clone kept in {workdir / 'repo'}")
    res = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    res.update(web)
    res.setdefault("machine", {})["web_date"] = datetime.datetime.now().isoformat(timespec="seconds")
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    page = web["heaviest_page"]
    print(f"  heaviest page: {page['page']} {page['total_bytes'] / 1e6:.3f} MB ({page['files']} files; "
          f"limit 1 MB: {'met' if page['total_bytes'] <= 1e6 else 'MISSED'})")
    print(lighthouse.table(web["lighthouse"]))
    print(f"\nwritten to {RESULTS.relative_to(REPO)} (heaviest_page, lighthouse)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
