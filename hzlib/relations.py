"""The report's own arithmetic as data: each relation an expression over claim ids, evaluated.

`data/relations.csv` rows are one of three kinds: `equal` (a stated figure against the value
computed from other claims, within a tolerance that follows the report's rounding), `compare`
(an ordering the report asserts, such as 高于全国) and `derived` (a figure the report implies but
does not state, such as the first quarter implied by 比一季度提升 6.7 个百分点).
"""
from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from .csvfile import Row, read_rows
from .errors import DataError, Problem
from .paths import RELATIONS
from .report import PLAN_SECTIONS
from .store import DataStore, default_store
from .vocab import UNITS

RELATION_COLUMNS: tuple[str, ...] = (
    "relation_id", "section", "kind", "description", "quote", "expression", "stated", "tolerance", "unit", "expected",
)
DIGITS = 9  # computed figures are rounded here, far below any tolerance of the report
OUTPUT_COLUMNS = [
    "relation_id", "section", "kind", "description", "quote", "expression", "claim_ids",
    "stated", "computed", "difference", "verdict", "tolerance", "unit", "expected", "bases", "mixed_basis",
]
MONEY_BASES = ("real", "nominal", "same_coverage")
BASIS_WORDS = {"real": "real", "nominal": "nominal", "same_coverage": "same coverage"}
KINDS = ("equal", "compare", "derived")
VERDICTS = {"equal": ("holds", "fails"), "compare": ("holds", "fails"), "derived": ("derived",)}
REFERENCE = re.compile(r"\{([^{}]+)\}")
BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv, ast.Pow: operator.pow}
COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Eq: operator.eq}
FUNCTIONS: dict[str, Callable[..., Any]] = {"round": round, "abs": abs, "min": min, "max": max}


def referenced_ids(expression: str) -> list[str]:
    """Claim ids an expression uses, in order: `{2019.economy.gdp.growth} - 6.1` -> [...]."""
    return REFERENCE.findall(expression)


def evaluate(expression: str, values: dict[str, float]) -> float | bool:
    """Value of an arithmetic or comparison expression over claim ids written `{id}`."""
    names: dict[str, float] = {}

    def name_for(match: re.Match[str]) -> str:
        key = f"c{len(names)}"
        names[key] = values[match.group(1)]
        return key

    tree = ast.parse(REFERENCE.sub(name_for, expression), mode="eval")
    return _eval(tree.body, names)


def _eval(node: ast.AST, names: dict[str, float]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return BINARY[type(node.op)](_eval(node.left, names), _eval(node.right, names))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval(node.operand, names)
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return all(_eval(v, names) for v in node.values)
    if isinstance(node, ast.Compare) and all(type(op) in COMPARE for op in node.ops):
        left = _eval(node.left, names)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, names)
            if not COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and not node.keywords:
        return FUNCTIONS[node.func.id](*(_eval(a, names) for a in node.args))
    raise ValueError(f"unsupported syntax: {ast.unparse(node)}")


def _rows(store: DataStore) -> list[Row]:
    path = store.file(RELATIONS)
    return read_rows(path, RELATION_COLUMNS, name=store.display_name(path))


def relation_problems(store: DataStore | None = None) -> list[Problem]:
    """Structural problems of `data/relations.csv`, and relations whose verdict is not the expected one."""
    store = store or default_store()
    name = store.display_name(store.file(RELATIONS))
    ledger = _ledger(store)
    known = set(ledger["claim_id"]) if ledger is not None else None
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in _rows(store):
        f = row.fields

        def problem(column: str, message: str, line: int = row.line, relation_id: str = f["relation_id"]) -> Problem:
            return Problem(name, message, line, column, relation_id or None, record="relation")

        if f["relation_id"] in seen:
            problems.append(problem("relation_id", f"duplicate relation_id, first used on line {seen[f['relation_id']]}"))
        seen.setdefault(f["relation_id"], row.line)
        if f["section"] not in PLAN_SECTIONS:
            problems.append(problem("section", f"unknown section {f['section']!r}; valid: {', '.join(PLAN_SECTIONS)}"))
        if f["kind"] not in KINDS:
            problems.append(problem("kind", f"unknown kind {f['kind']!r}; valid: {', '.join(KINDS)}"))
            continue
        if f["expected"] not in VERDICTS[f["kind"]]:
            problems.append(problem("expected", f"must be one of {', '.join(VERDICTS[f['kind']])} for kind {f['kind']}"))
        if len(store.report.find(f["quote"])) != 1:
            problems.append(problem("quote", f"must occur exactly once in the cleaned report: {f['quote']!r}"))
        if f["unit"] and f["unit"] not in UNITS:
            problems.append(problem("unit", f"unit {f['unit']!r} is not in hzlib.vocab.UNITS"))
        if ledger is None or known is None:
            continue
        unknown = [i for i in referenced_ids(f["expression"]) + _stated_ids(f) if i not in known]
        if unknown:
            problems.append(problem("expression", f"unknown claim id(s): {', '.join(unknown)}"))
            continue
        bases = _bases(referenced_ids(f["expression"]) + _stated_ids(f), ledger)
        words = ["approximate", *(BASIS_WORDS[b] for b in bases)]
        if len(bases) > 1 and not all(word in f["description"] for word in words):
            problems.append(problem("description", f"the relation combines figures of different price bases "
                                    f"({', '.join(bases)}): its description must say why it is approximate, with the "
                                    f"words {', '.join(repr(w) for w in words)}"))
        try:
            result = _evaluate_row(f, ledger)
        except (ValueError, SyntaxError, ZeroDivisionError, TypeError) as error:
            problems.append(problem("expression", f"cannot be evaluated: {error}"))
            continue
        if result["verdict"] != f["expected"]:
            problems.append(problem("expected", f"expected {f['expected']}, but the relation {result['verdict']}: "
                                    f"stated {result['stated']}, computed {result['computed']}"))
    return problems


def _bases(claim_ids: list[str], ledger: pd.DataFrame) -> list[str]:
    """The price bases (real, nominal, same_coverage) of the money figures among the claims, in that order."""
    found = set(ledger.loc[ledger["claim_id"].isin(claim_ids), "basis"])
    return [basis for basis in MONEY_BASES if basis in found]


def _ledger(store: DataStore) -> pd.DataFrame | None:
    """The store's verified ledger, or None when it does not load (its own check reports why)."""
    try:
        return store.claims
    except DataError:
        return None


def _stated_ids(f: dict[str, str]) -> list[str]:
    stated = f["stated"].strip()
    return [stated] if stated and not _is_number(stated) else []


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _evaluate_row(f: dict[str, str], ledger: pd.DataFrame) -> dict[str, Any]:
    values = dict(zip(ledger["claim_id"], ledger["value"], strict=True))
    computed = evaluate(f["expression"], values)
    kind = f["kind"]
    if kind == "compare":
        return {"stated": True, "computed": bool(computed), "difference": math.nan, "verdict": "holds" if computed else "fails"}
    if kind == "derived":
        return {"stated": math.nan, "computed": round(float(computed), DIGITS), "difference": math.nan, "verdict": "derived"}
    stated = float(f["stated"]) if _is_number(f["stated"]) else values[f["stated"]]
    difference = round(stated - float(computed), DIGITS) + 0.0  # no float noise (-8.9e-16) nor -0.0 in tables
    holds = abs(difference) <= float(f["tolerance"]) + 1e-9
    return {"stated": stated, "computed": round(float(computed), DIGITS), "difference": difference, "verdict": "holds" if holds else "fails"}


def load_relations(store: DataStore | None = None) -> pd.DataFrame:
    """Read, check and evaluate a store's relations.csv; raise DataError on a structural problem (a changed
    verdict is no error here: `checked_relations` in the chapters and `verify()` report it)."""
    store = store or default_store()
    problems = relation_problems(store)
    structural = [p for p in problems if p.column != "expected"]
    if structural:
        raise DataError(structural)
    ledger = store.claims
    rows = []
    for row in _rows(store):
        f = row.fields
        ids = referenced_ids(f["expression"]) + _stated_ids(f)
        rows.append({
            "relation_id": f["relation_id"], "section": f["section"], "kind": f["kind"],
            "description": f["description"], "quote": f["quote"], "expression": f["expression"],
            "claim_ids": " ".join(dict.fromkeys(ids)), **_evaluate_row(f, ledger),
            "tolerance": float(f["tolerance"]) if f["tolerance"] else math.nan, "unit": f["unit"],
            "expected": f["expected"], "bases": " ".join(_bases(ids, ledger)), "mixed_basis": len(_bases(ids, ledger)) > 1,
        })
    frame = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    return frame.astype({"stated": "object", "computed": "object"})


def relations(section: str | None = None) -> pd.DataFrame:
    """The report's arithmetic evaluated: stated, computed, difference, tolerance and verdict."""
    frame = default_store().relations
    if section is not None:
        frame = frame[frame["section"] == section]
    return frame.reset_index(drop=True).copy()
