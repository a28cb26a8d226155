"""Numbers that are not claims (`data/not_claims.csv`) and coverage:
every number of the report (Arabic, or a Chinese quantity) is a claim or is listed, with a reason, as not one."""
from __future__ import annotations

from dataclasses import dataclass

from .csvfile import read_rows
from .errors import Problem
from .numbers import is_number_token, occurrences, token_spans
from .paths import NOT_CLAIMS
from .report import SECTION_SPECS, Report
from .store import DataStore, default_store
from .vocab import NOT_CLAIM_CATEGORIES

NOT_CLAIM_COLUMNS: tuple[str, ...] = ("section", "as_written", "context", "occurrences", "category", "reason")
SECTION_IDS = tuple(s.id for s in SECTION_SPECS)


@dataclass(frozen=True)
class NumberSite:
    """One number in the cleaned report: Arabic digits, or a Chinese numeral used as a quantity."""

    offset: int
    number: str
    section: str
    context: str


def number_sites(text: Report) -> list[NumberSite]:
    """Every number of the cleaned report (Arabic, or a Chinese quantity) with its section and some words around it."""
    sites = []
    for start, end in token_spans(text.text):
        line_start = text.text.rfind("\n", 0, start) + 1
        line_end = text.text.find("\n", end)
        context = text.text[max(line_start, start - 18): min(line_end, end + 12)]
        sites.append(NumberSite(start, text.text[start:end], text.section_at(start), context))
    return sites


def not_claim_offsets(text: Report, store: DataStore | None = None) -> tuple[list[Problem], dict[int, str]]:
    """Check `data/not_claims.csv`; map each number it covers (by offset) to its row."""
    store = store or default_store()
    path = store.file(NOT_CLAIMS)
    name = store.display_name(path)
    problems: list[Problem] = []
    covered: dict[int, str] = {}
    for row in read_rows(path, NOT_CLAIM_COLUMNS, name=name):
        f = row.fields

        def problem(column: str, message: str, line: int = row.line) -> Problem:
            return Problem(name, message, line, column)

        if f["category"] not in NOT_CLAIM_CATEGORIES:
            problems.append(problem("category", f"unknown category {f['category']!r}; valid: {', '.join(NOT_CLAIM_CATEGORIES)}"))
        if not f["reason"].strip():
            problems.append(problem("reason", "is empty: say why this number is not a claim"))
        if f["section"] and f["section"] not in SECTION_IDS:
            problems.append(problem("section", f"unknown section {f['section']!r}; valid: {', '.join(SECTION_IDS)} or empty"))
        if not is_number_token(f["as_written"]):
            problems.append(problem("as_written", f"{f['as_written']!r} is not a number the coverage check finds "
                                    "(Arabic digits, or a Chinese numeral of two or more before a measure word)"))
            continue
        inside = occurrences(f["as_written"], f["context"])
        if len(inside) != 1:
            problems.append(problem("as_written", f"{f['as_written']!r} occurs {len(inside)} times in the context; it must occur once"))
            continue
        places = text.find(f["context"])
        if not f["occurrences"].isdigit() or int(f["occurrences"]) != len(places):
            problems.append(problem("occurrences", f"is {f['occurrences']!r}, but the context occurs {len(places)} times in the report"))
        for place in places:
            if f["section"] and text.section_at(place) != f["section"]:
                problems.append(problem("section", f"is {f['section']}, but the context also stands in section {text.section_at(place)}"))
                break
            covered[place + inside[0]] = f"{name} line {row.line}"
    return problems, covered


def coverage_problems(claim_offsets: dict[int, str], store: DataStore | None = None) -> list[Problem]:
    """Numbers that are neither claims nor listed, and numbers listed twice."""
    store = store or default_store()
    text = store.report
    problems, listed = not_claim_offsets(text, store)
    for site in number_sites(text):
        owners = [o for o in (claim_offsets.get(site.offset), listed.get(site.offset)) if o]
        if not owners:
            problems.append(Problem(
                "data/claims.csv", f"the number {site.number} in section {site.section} (…{site.context}…) "
                f"is neither a claim nor listed in {NOT_CLAIMS}",
            ))
        elif len(owners) > 1:
            problems.append(Problem(
                "data/claims.csv", f"the number {site.number} in section {site.section} (…{site.context}…) "
                f"is both a claim ({owners[0]}) and listed in {owners[1]}", claim_id=owners[0],
            ))
    return problems
