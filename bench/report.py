"""The bench's results as a plain-text table, and the task's targets checked against them."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .lighthouse import table as lighthouse_table
from .timing import DISTURBED, median

Results = dict[str, Any]


def targets(res: Results) -> list[tuple[str, float, float, str]]:
    """(what, measured, limit, unit) for each goal; a goal is met when measured <= limit."""
    b, e, n, p = res["build"], res["execute"], res["nbval"], res["python"]
    found = [
        ("warm rebuild / cold build", 100 * b["warm"]["median"] / b["cold"]["median"], 10, "%"),
        ("one notebook changed / cold build", 100 * b["one_notebook_changed"]["median"] / b["cold"]["median"], 30, "%"),
        ("jupyter-cache parallel / serial", 100 * e["parallel"]["median"] / e["serial"]["median"], 65, "%"),
        ("nbval -n 2 / -n 0", 100 * n["parallel"]["median"] / n["serial"]["median"], 65, "%"),
        ("import hzlib - import pandas", p["hzlib_over_pandas_ms"]["median"], 150, "ms"),
        ("hzlib.claims() second call", p["claims_second_ms"]["median"], 1, "ms"),
    ]
    if "make_test" in res:
        found.append(("make test", res["make_test"]["seconds"], 300, "s"))
        found.append(("make test / cold make book, same run", res["make_test"]["seconds"] / b["cold"]["median"], 4, "x"))
    if "heaviest_page" in res:
        found.append(("heaviest page (HTML, scripts, styles, fonts, images)", res["heaviest_page"]["total_bytes"] / 1e6, 1, "MB"))
    return found


def _collect(node: object, key: str) -> list[float]:
    """Every value stored under `key` anywhere in the results (each timed run records load and busy)."""
    if isinstance(node, dict):
        return [float(v) for k, v in node.items() if k == key] + [x for v in node.values() for x in _collect(v, key)]
    if isinstance(node, list):
        return [x for v in node for x in _collect(v, key)]
    return []


def _row(what: str, value: str, runs: str = "") -> str:
    return f"  {what:<52} {value:>9}  {runs}"


def _secs(entry: Results) -> str:
    """The runs behind a median, a disturbed one (another process used over a quarter core) starred."""
    runs = entry["runs"]
    shown = [f"{float(r['seconds']):.1f}{'*' if float(r.get('others_cores', 0)) > DISTURBED else ''}" for r in runs]
    return ", ".join(shown) + f" ({len(runs)} run{'s' if len(runs) != 1 else ''})"


def _header(res: Results) -> list[str]:
    m = res["machine"]
    busy = [b for b in _collect(res, "busy") if not math.isnan(b)]
    loads = [m["load_average_start"][0], m["load_average_end"][0], *_collect(res, "load")]
    lines = [f"bench on {m['cpu_count']} cores (os.cpu_count()), {m['date']}, Python {m['python']}",
             (f"  1-minute load average {m['load_average_start'][0]:.1f} at start, {m['load_average_end'][0]:.1f} at end, "
              f"highest {max(loads):.1f}; CPU in use just before a step: median {100 * (median(busy) if busy else 0):.0f} %, "
              f"highest {100 * max(busy, default=0):.0f} % of all cores")]
    others = _collect(res, "others_cores")
    lines.append(f"  other processes' CPU while a step ran: median {median(others) if others else 0:.2f}, "
                 f"highest {max(others, default=0):.2f} cores")
    if max(others, default=0) > DISTURBED:
        lines.append("  * another process used over a quarter of a core during that run: it is left out of the "
                     "median when the step has undisturbed runs (every run is in bench/results.json)")
    reruns = [r for k in ("serial", "parallel") for r in res["execute"][k]["runs"] if r.get("failed_then_rerun")]
    if reruns:
        lines.append(f"  NOTE: {len(reruns)} execution run(s) failed a notebook and were run again: see "
                     "failed_then_rerun in bench/results.json")
    return lines


def table(res: Results) -> str:
    """Medians with the runs behind them, each notebook's execution time, then the targets."""
    b, p, page = res["build"], res["python"], res["heaviest_page"]
    lines = [*_header(res), "", _row("step", "median", "runs")]
    lines += [_row("cold build (make book, no _build)", f"{b['cold']['median']:.1f} s", _secs(b["cold"])),
              _row("warm rebuild, nothing changed", f"{b['warm']['median']:.1f} s", _secs(b["warm"])),
              _row("warm rebuild, README.md touched (Sphinx no-op)", f"{b['sphinx_no_op']['median']:.1f} s", _secs(b["sphinx_no_op"])),
              _row(f"rebuild, {Path(b['touched_notebook']).name} changed", f"{b['one_notebook_changed']['median']:.1f} s",
                   _secs(b["one_notebook_changed"])),
              _row("  notebooks jupyter-book itself executed", str(max(int(r["jupyter_book_executed"]) for r in b["cold"]["runs"])),
                   "in a cold build (0: all came from the parallel pre-execution)")]
    for key in ("serial", "parallel"):
        lines.append(_row(f"execute every notebook, jupyter-cache local-{key}", f"{res['execute'][key]['median']:.1f} s",
                          _secs(res["execute"][key])))
    for key, what in (("serial", "-n 0"), ("parallel", "-n 2 --dist loadscope")):
        lines.append(_row(f"nbval over book/, {what}", f"{res['nbval'][key]['median']:.1f} s", _secs(res["nbval"][key])))
    if "make_test" in res:
        t = res["make_test"]
        lines.append(_row("make test (warm set-up)", f"{t['seconds']:.1f} s", f"1 run, exit {t['returncode']}: {t['summary']}"))
    lines += [_row("import pandas", f"{p['import_pandas_ms']['median']:.0f} ms", f"({len(p['import_pandas_ms']['runs'])} runs)"),
              _row("import hzlib" + ("" if not p["matplotlib_imported_by_import_hzlib"] else " (IMPORTS MATPLOTLIB)"),
                   f"{p['import_hzlib_ms']['median']:.0f} ms", "matplotlib not imported"
                   if not p["matplotlib_imported_by_import_hzlib"] else ""),
              _row("  of which hzlib itself, after pandas", f"{p['hzlib_over_pandas_ms']['median']:.0f} ms"),
              _row("hzlib.claims() first call", f"{p['claims_first_ms']['median']:.1f} ms"),
              _row("hzlib.claims() second call", f"{p['claims_second_ms']['median']:.3f} ms"),
              _row(f"heaviest page: {page['page']}", f"{page['total_bytes'] / 1e6:.2f} MB",
                   f"{page['files']} files; its HTML {page['html_bytes'] / 1e3:.0f} kB"),
              "", "  each notebook executed alone (jupyter-cache local-serial, median):"]
    lines += [_row(f"    {name}", f"{s:.1f} s") for name, s in res["notebooks_s"].items()]
    if "lighthouse" in res:
        lines += ["", "  Lighthouse (python -m bench.lighthouse):", lighthouse_table(res["lighthouse"])]
    lines += ["", _row("target", "measured", "limit")]
    for what, value, limit, unit in targets(res):
        shown = f"{value:.3g} {unit}" if unit in ("ms", "MB") else f"{value:.1f} {unit}"
        lines.append(_row(what, shown, f"<= {limit} {unit}  {'met' if value <= limit else 'MISSED'}"))
    return "\n".join(lines)
