"""Each table's schema, declared once: columns, types, descriptions, vocabularies and keys.

The ledger's column lists and its `Claim` type, `datapackage.json`'s fields and keys, and the
column tables of `data/README.md` are all generated from here, so they cannot drift apart.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, make_dataclass
from pathlib import Path

from .report import PLAN_SECTIONS, SECTION_SPECS
from .vocab import (
    ASSIGNERS,
    BASES,
    BASIS_FROM,
    CONTEXT_AUTHORITIES,
    CONTEXT_GEOGRAPHIES,
    CONTEXT_QUALIFIERS,
    CONTEXT_UNITS,
    KINDS,
    PERIODS_HELP,
    QUALIFIERS,
    TARGET_FROM,
    TARGET_TYPES,
    UNITS,
)

PYTHON_TYPES = {"string": str, "number": float, "integer": int, "boolean": bool, "any": object}


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type, what it means, and the values it may take (if a vocabulary)."""

    name: str
    type: str
    description: str
    enum: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Table:
    """One table: the columns people write (`curated`), the ones hzlib adds (`derived`), its keys."""

    name: str
    title: str
    curated: tuple[Field, ...]
    derived: tuple[Field, ...] = ()
    primary_key: str | tuple[str, ...] | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default=())  # (column, table, column)

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.curated + self.derived

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def curated_columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.curated)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _vocabulary(words: Mapping[str, object]) -> tuple[str, ...]:
    return tuple(w for w in words if w)


CLAIMS = Table(
    name="claims",
    title="`claims.csv`: the ledger, one row per quantitative statement",
    curated=(
        Field("claim_id", "string", "Stable dotted lowercase id, unique: `<prefix>.<topic>.<indicator>[.<kind>]`. The prefix "
              "names the period: `2019`, `2018`, `2020`, `2020h1`, `2020q1`, `2020t` (a 2020 target), `plan` (a multi-year "
              "target), `cumulative`, `standing`", required=True),
        Field("section", "string", "Report section the quote stands in (`hzlib.sections()`)", PLAN_SECTIONS, True),
        Field("period", "string", f"Period the figure refers to: {PERIODS_HELP}", required=True),
        Field("kind", "string", "What sort of figure (`hzlib.vocab.KINDS`)", tuple(KINDS), True),
        Field("series", "string", "The measure the figure belongs to, whatever its period or kind (`investment.fixed_assets` "
              "for the level, the growth and the target); one label never names two series", required=True),
        Field("indicator_zh", "string", "What is measured, in the report's words", required=True),
        Field("indicator_en", "string", "What is measured, in plain English", required=True),
        Field("value", "number", "The figure as a number; a decline (下降, 减少) is negative", required=True),
        Field("unit", "string", "Unit as written after the number (in the targets table: the row header's); a ratio is "
              "numerator/denominator (每万人…28件 -> `件/万人`)", tuple(UNITS), True),
        Field("qualifier", "string", "超 (more than), 以上 (at least), 近 (nearly), 各 (each)… or empty "
              "(`hzlib.vocab.QUALIFIERS`)", _vocabulary(QUALIFIERS)),
        Field("as_written", "string", "The number exactly as the quote writes it (`7.6`, `124.80`, `四`, `持平`); "
              "it occurs once in the quote", required=True),
        Field("quote", "string", "Shortest verbatim excerpt of the cleaned report that states the figure; unique in the report",
              required=True),
        Field("basis", "string", "For a level, growth or change in points: real (可比价), nominal (现价), same_coverage "
              "(同口径) or not_money; empty for other kinds", tuple(BASES)),
        Field("basis_from", "string", "Where the basis comes from: the report, the statistics bureau's convention, or the "
              "curator's inference; empty when not_money", tuple(BASIS_FROM)),
        Field("target_type", "string", "For a target (period `…-target`): indicative (预期性) or binding (约束性)",
              tuple(TARGET_TYPES)),
        Field("assigned_by", "string", "For a target: who set it, the district itself or the city (市下达) or the "
              "province (省下达)", tuple(ASSIGNERS)),
        Field("target_from", "string", "For a target: whether its type and assigner come from the report or from the "
              "planning convention", tuple(TARGET_FROM)),
        Field("note", "string", "Anything a reader needs: a revision, a threshold, an implied unit, why a convention applies"),
    ),
    derived=(
        Field("base_value", "number", "The value in base units (亿元 -> yuan, 万人 -> persons), from `hzlib.vocab.UNITS`"),
        Field("base_unit", "string", "The base unit of base_value"),
        Field("horizon", "string", "For a target: the plan year (2020) or the three-, five-, ten- or multi-year task it "
              "sits in, from its period"),
    ),
    primary_key="claim_id",
    foreign_keys=(("section", "sections", "section"),),
)

SECTIONS = Table(
    name="sections",
    title="`sections`: the cleaned report, section by section",
    curated=(),
    derived=(
        Field("section", "string", "Section id: 0 (title and preamble), 1.0 … 1.6, 2.0, 2.T, 2.1 … 2.6, 9 (closing)",
              tuple(s.id for s in SECTION_SPECS), True),
        Field("title_zh", "string", "Section title as the report writes it"),
        Field("title_en", "string", "Section title in English"),
        Field("start", "integer", "Offset of the section's first character in the cleaned report"),
        Field("end", "integer", "Offset of the section's end in the cleaned report (start + length of text + 1: the "
              "line break that closes it)"),
        Field("text", "string", "The section's cleaned text"),
    ),
    primary_key="section",
)

RELATIONS = Table(
    name="relations",
    title="`relations.csv`: the report's own arithmetic",
    curated=(
        Field("relation_id", "string", "Stable id of the relation, unique", required=True),
        Field("section", "string", "Report section of the quote", PLAN_SECTIONS, True),
        Field("kind", "string", "equal (a stated figure against one computed from claims), compare (an ordering the "
              "report asserts) or derived (a figure the report implies)", ("equal", "compare", "derived"), True),
        Field("description", "string", "What the relation checks or derives, and its caveats", required=True),
        Field("quote", "string", "The report's words that assert it, unique in the report", required=True),
        Field("expression", "string", "Arithmetic over claim ids written `{id}`", required=True),
        Field("stated", "any", "equal: the claim id or number the report states; compare: True; derived: empty"),
        Field("tolerance", "number", "Largest difference the report's rounding allows (equal only)"),
        Field("unit", "string", "Unit of stated and computed"),
        Field("expected", "string", "The verdict the curator expects from independent arithmetic",
              ("holds", "fails", "derived"), True),
    ),
    derived=(
        Field("claim_ids", "string", "Claim ids the expression and the stated figure use, space-separated"),
        Field("computed", "any", "The figure computed from the claims (True/False for compare)"),
        Field("difference", "number", "stated minus computed (equal only)"),
        Field("verdict", "string", "holds, fails or derived", ("holds", "fails", "derived")),
        Field("bases", "string", "The price bases of the money figures used, space-separated (real, nominal, same_coverage)"),
        Field("mixed_basis", "boolean", "True when the relation combines figures of different price bases: its result "
              "is approximate, and its description says so"),
    ),
    primary_key="relation_id",
    foreign_keys=(("section", "sections", "section"),),
)

TARGETS_2020 = Table(
    name="targets_2020",
    title="`targets_2020`: the 2020 main-indicators table, as printed",
    curated=(),
    derived=(
        Field("indicator_zh", "string", "Row header of the table, without its unit"),
        Field("unit", "string", "Unit in the row header's brackets"),
        Field("total", "string", "总量 column, as printed"),
        Field("growth_pct", "string", "增速 (%) column, as printed"),
        Field("target_type", "string", "indicative (the table is titled 预期目标) or binding (约束性: the energy row)",
              tuple(TARGET_TYPES)),
        Field("assigned_by", "string", "district, or city where the row says 市下达", tuple(ASSIGNERS)),
        Field("claim_ids", "string", "Ids of the claims that the row states, space-separated"),
    ),
    primary_key="indicator_zh",
)

RELATION_CLAIMS = Table(
    name="relation_claims",
    title="`relation_claims`: which claims each relation uses (the links of `relations.claim_ids`)",
    curated=(),
    derived=(
        Field("relation_id", "string", "The relation", required=True),
        Field("claim_id", "string", "A claim its expression or stated figure uses", required=True),
        Field("role", "string", "expression (the claim enters the arithmetic) or stated (the figure the report states)",
              ("expression", "stated"), True),
    ),
    primary_key=("relation_id", "claim_id"),
    foreign_keys=(("relation_id", "relations", "relation_id"), ("claim_id", "claims", "claim_id")),
)

TARGET_CLAIMS = Table(
    name="target_claims",
    title="`target_claims`: which claims each row of the 2020 targets table states (the links of its `claim_ids`)",
    curated=(),
    derived=(
        Field("indicator_zh", "string", "Row header of the targets table, without its unit", required=True),
        Field("claim_id", "string", "A claim the row states", required=True),
    ),
    primary_key=("indicator_zh", "claim_id"),
    foreign_keys=(("indicator_zh", "targets_2020", "indicator_zh"), ("claim_id", "claims", "claim_id")),
)

CONTEXT = Table(
    name="context",
    title="`context.csv`: figures from other sources than the report, never mixed with the ledger",
    curated=(
        Field("context_id", "string", "Dotted lowercase slug starting with `ctx.`, unique: `ctx.<place>.<period>.<indicator>.<kind>` "
              "(the prefix keeps it apart from every claim id)", required=True),
        Field("geography", "string", "The place the figure is about: Haizhu, Guangzhou, another district, Guangdong or China",
              CONTEXT_GEOGRAPHIES, True),
        Field("indicator_zh", "string", "What is measured, in the source's terms", required=True),
        Field("indicator_en", "string", "What is measured, in plain English", required=True),
        Field("period", "string", "Period the figure refers to: `2019`, `2019H1`, `2019Q3`, or a span `2016-2020` (an average "
              "or a total over the span)", required=True),
        Field("value", "number", "The figure as the source writes it; a decline (下降) is negative", required=True),
        Field("qualifier", "string", "超, 超过 (more than), 近 (nearly), 约 (about), or empty", _vocabulary(dict.fromkeys(CONTEXT_QUALIFIERS))),
        Field("unit", "string", "Unit as the source writes it (亿元, billion yuan, 万人, %…)", tuple(CONTEXT_UNITS), True),
        Field("basis", "string", "real (可比价), nominal (现价), same_coverage (同口径/可比增长) or not_money, as in the ledger", tuple(BASES), True),
        Field("source_title", "string", "The publication; a title in [brackets] describes a page whose own title the stored copy "
              "does not show", required=True),
        Field("source_publisher", "string", "Who published it", required=True),
        Field("source_date", "string", "The source's date, ISO (`2021-02-09`); the year alone only for an undated copy, and then "
              "`note` says `date inferred: …`", required=True),
        Field("source_url", "string", "The exact address the figure was read at", required=True),
        Field("source_heading", "string", "The heading under which the figure stands in the source, or `(article body; no heading)`",
              required=True),
        Field("authority", "string", "What kind of source: the publisher's own site, an official bulletin or document copied by a "
              "third party, the press, a reference work", tuple(CONTEXT_AUTHORITIES), True),
        Field("note", "string", "Agreement with other sources, a disagreement (naming the other row's id), revisions, what the "
              "figure is not"),
    ),
    derived=(
        Field("base_value", "number", "The value in base units (亿元 -> yuan, 万人 -> persons), from `hzlib.vocab.CONTEXT_UNITS`"),
        Field("base_unit", "string", "The base unit of base_value"),
    ),
    primary_key="context_id",
)

TABLES: dict[str, Table] = {t.name: t for t in (CLAIMS, SECTIONS, RELATIONS, TARGETS_2020, RELATION_CLAIMS,
                                                   TARGET_CLAIMS, CONTEXT)}

Claim = make_dataclass(
    "Claim",
    [(f.name, PYTHON_TYPES[f.type]) for f in CLAIMS.fields] + [("offset", int)],
    frozen=True,
)
Claim.__doc__ = "One quantitative statement of the report, as the ledger records it (fields: hzlib.schema.CLAIMS)."


def markdown_table(table: Table) -> str:
    """The table's columns as a Markdown table: name, type, who writes it, meaning and allowed values."""
    lines = ["| column | type | written by | meaning |", "| --- | --- | --- | --- |"]
    for f in table.fields:
        values = f"; one of: {', '.join(f'`{v}`' for v in f.enum)}" if f.enum and len(f.enum) <= 12 else ""
        who = "people" if f in table.curated else "hzlib"
        required = " (required)" if f.required and who == "people" else ""
        lines.append(f"| `{f.name}` | {f.type} | {who}{required} | {f.description}{values} |")
    return "\n".join(lines) + "\n"


MARKER = re.compile(r"(<!-- BEGIN schema:(?P<name>\w+) -->\n).*?(<!-- END schema:(?P=name) -->)", re.DOTALL)


def documented(readme: str) -> str:
    """`readme` with every `<!-- BEGIN schema:NAME -->` … `<!-- END schema:NAME -->` block regenerated."""
    return MARKER.sub(lambda m: m.group(1) + markdown_table(TABLES[m.group("name")]) + m.group(3), readme)


def write_readme(path: Path) -> bool:
    """Regenerate the schema tables of a README in place; True if it changed."""
    text = path.read_text(encoding="utf-8")
    new = documented(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
