"""The 2020 plan against the outturn: each 2020 target of the report set against what other sources report.

The ledger holds the targets (claims with period `2020-target`); `data/context.csv` holds what the
district's bulletin and work report said happened. Which context figure is the outturn of which
target, and how the two are compared, is data: `data/outturn_links.csv`, one row per link, written
by people. Nothing is matched by label or by guess: a target without a link is "not reported".

Rules (column `rule`):

- `at_least`: met when outturn >= target - tolerance (tolerance in the target's unit: 亿元 for a
  level, percentage points for a growth rate or a share); else missed.
- a `divide_by` context id turns the outturn into a ratio first: outturn = value / divide_by x 100
  (a share of GDP divided by the tertiary share of GDP is a share of services value added).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .context import context
from .csvfile import read_rows
from .errors import DataError, Problem
from .ledger import claims
from .paths import OUTTURN_LINKS
from .store import DataStore, default_store

LINK_COLUMNS: tuple[str, ...] = ("claim_id", "context_id", "rule", "tolerance", "divide_by", "note")
RULES: dict[str, str] = {"at_least": "met when outturn >= target - tolerance"}
STATUSES: tuple[str, ...] = ("met", "missed", "not reported")
TARGET_SECTIONS: tuple[str, ...] = ("2.T", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6")
OUTTURN_COLUMNS: list[str] = [
    "claim_id", "section", "indicator_en", "indicator_zh", "target", "qualifier", "unit", "basis", "target_type",
    "assigned_by", "horizon", "outturn", "context_id", "divide_by", "rule", "tolerance", "gap", "status",
]


def judge(target: float, outturn: float | None, rule: str = "at_least", tolerance: float = 0.0) -> str:
    """`met`, `missed`, or `not reported` (no outturn) for one target against its outturn."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; valid: {', '.join(RULES)}")
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, not {tolerance}")
    if outturn is None or pd.isna(outturn):
        return "not reported"
    return "met" if outturn >= target - tolerance - 1e-9 else "missed"


def link_problems(path: Path | None = None, store: DataStore | None = None) -> list[Problem]:
    """Every problem of the links file: unknown claim or context ids, a claim that is no 2020 target,
    an unknown rule, a bad tolerance, units that differ, a claim linked twice."""
    store = store or default_store()
    path = path or store.file(OUTTURN_LINKS)
    name = store.display_name(path)
    try:
        rows = read_rows(path, LINK_COLUMNS, name=name)
    except DataError as error:
        return list(error.problems)
    ledger = store.claims.set_index("claim_id")
    ctx = store.context.set_index("context_id")
    problems: list[Problem] = []
    seen: set[str] = set()
    for row in rows:
        f = row.fields

        def problem(column: str, message: str, line: int = row.line, claim_id: str = f["claim_id"]) -> None:
            problems.append(Problem(name, message, line, column, claim_id or None, record="link"))

        if f["claim_id"] not in ledger.index:
            problem("claim_id", f"is not a claim of the ledger: {f['claim_id']!r}")
        elif ledger.loc[f["claim_id"], "period"] != "2020-target":
            problem("claim_id", f"is not a 2020 target (period {ledger.loc[f['claim_id'], 'period']})")
        if f["claim_id"] in seen:
            problem("claim_id", "is linked twice")
        seen.add(f["claim_id"])
        for column in ("context_id", "divide_by"):
            if (f[column] or column == "context_id") and f[column] not in ctx.index:
                problem(column, f"is not a context_id of data/context.csv: {f[column]!r}")
        if f["rule"] not in RULES:
            problem("rule", f"unknown rule {f['rule']!r}; valid: {', '.join(RULES)}")
        try:
            if float(f["tolerance"]) < 0:
                problem("tolerance", "must not be negative")
        except ValueError:
            problem("tolerance", f"is not a number: {f['tolerance']!r}")
        if f["claim_id"] in ledger.index and f["context_id"] in ctx.index:
            unit, ctx_unit = ledger.loc[f["claim_id"], "unit"], ctx.loc[f["context_id"], "unit"]
            if f["divide_by"] and f["divide_by"] in ctx.index:
                if (ctx_unit, ctx.loc[f["divide_by"], "unit"]) != ("%", "%") or unit != "%":
                    problem("divide_by", "a ratio of context shares compares only with a target in %")
            elif unit != ctx_unit:
                problem("context_id", f"the target is in {unit}, the outturn in {ctx_unit}: units must agree")
    return problems


def load_links(store: DataStore | None = None) -> pd.DataFrame:
    """Read and check a store's outturn_links.csv; raise DataError naming file, line and column of every problem."""
    store = store or default_store()
    problems = link_problems(store=store)
    if problems:
        raise DataError(problems)
    path = store.file(OUTTURN_LINKS)
    rows = read_rows(path, LINK_COLUMNS, name=store.display_name(path))
    frame = pd.DataFrame([r.fields for r in rows], columns=list(LINK_COLUMNS))
    return frame.astype({"tolerance": "float64"})


def links() -> pd.DataFrame:
    """The links of `data/outturn_links.csv`, checked (raises DataError naming file, line and column)."""
    return default_store().outturn_links.copy()


def outturns() -> pd.DataFrame:
    """Every 2020 target of sections 2.T and 2.1–2.6 with its outturn (if a link gives one) and its status.

    `gap` is outturn - target in the target's unit (亿元, percentage points); `status` is met, missed
    or not reported. Rows in report order.
    """
    ledger = claims()
    targets = ledger[(ledger["period"] == "2020-target") & ledger["section"].isin(TARGET_SECTIONS)].sort_values("offset")
    ctx = context().set_index("context_id")["value"]
    linked = links().set_index("claim_id")
    rows = []
    for t in targets.itertuples():
        link = linked.loc[t.claim_id] if t.claim_id in linked.index else None
        outturn = None
        if link is not None:
            outturn = float(ctx[link["context_id"]])
            if link["divide_by"]:
                outturn = outturn / float(ctx[link["divide_by"]]) * 100
        rule = link["rule"] if link is not None else "at_least"
        tolerance = float(link["tolerance"]) if link is not None else 0.0
        rows.append({
            "claim_id": t.claim_id, "section": t.section, "indicator_en": t.indicator_en, "indicator_zh": t.indicator_zh,
            "target": t.value, "qualifier": t.qualifier, "unit": t.unit, "basis": t.basis, "target_type": t.target_type,
            "assigned_by": t.assigned_by, "horizon": t.horizon, "outturn": outturn,
            "context_id": link["context_id"] if link is not None else "",
            "divide_by": link["divide_by"] if link is not None else "",
            "rule": rule if link is not None else "", "tolerance": tolerance if link is not None else None,
            "gap": None if outturn is None else outturn - t.value,
            "status": judge(t.value, outturn, rule, tolerance),
        })
    frame = pd.DataFrame(rows, columns=OUTTURN_COLUMNS)
    return frame.astype({"target": "float64", "outturn": "float64", "tolerance": "float64", "gap": "float64"})


def checked_outturns() -> pd.DataFrame:
    """`outturns()`, raising AssertionError if a status is not one of STATUSES or a linked target has no outturn."""
    frame = outturns()
    bad = frame[~frame["status"].isin(STATUSES) | ((frame["context_id"] != "") & frame["outturn"].isna())]
    if not bad.empty:
        raise AssertionError("outturn statuses inconsistent:\n" + bad[["claim_id", "status"]].to_string())
    return frame
