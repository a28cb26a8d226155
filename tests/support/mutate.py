"""Mutation testing: prove that the tests catch a wrong figure, claim by claim.

Usage: python -m tests.support.mutate [--kinds a,b,c] [--sample N] [--sample-c M] [--seed S] [--jobs J] [--json FILE]
(`make mutate` runs every claim; tests/test_mutate.py runs a fixed sample of kinds a and b in `make test`, and
every mutant of every kind in the slow tier, `make test-all`.)

For every claim of data/claims.csv its figure is changed (the "wrong figure", rules below) in three
ways, each in a temporary copy of a snapshot of data/ and book/; the working tree is never written:

  a  the report text only (data/raw). With SHA256SUMS left as it was, the checksum catches it (and
     names the file, not the claim); with the checksum updated to match, the ledger's quote check
     must name the claim. The second is the one that counts.
  b  the ledger only: the `value` column alone (the value check must name the claim), and the
     whole row, value, as_written and quote (the quote is no longer in the report).
  c  report text, checksum and ledger together (value, as_written, the claim's quote and every
     other quote or context that spans the figure): the data is self-consistent (hzlib's checks
     find nothing but, perhaps, a relation whose verdict changed), so only the book can catch it.
     nbval runs on the chapter(s) of the claim's section (book/1-1-*.ipynb for 1.1) against the
     copy; the mutant is killed when nbval fails (a stored output differs, or checked_relations
     raises). Every claim a chapter shows (its id is in the chapter's outputs) must be killed; a
     claim of a section without a chapter is reported as "no chapter".

Kinds a and b run hzlib.checks.problems() in this process on a fresh `DataStore` of each mutant, batched: a mutant is killed when a
problem names its claim id. A claim's row check depends only on that row and on the report, so
(b) runs every mutant in one pass; (a) runs claims of different paragraphs together and accepts a
batch result only when it is "quote not found" (which the claim's own change must cause); anything
else is re-run alone. Kind c runs real nbval on each mutant's own copy of its chapters and data, up to
BATCH mutants in one pytest process (tests/support/nbval_first_failure.py stops each notebook at its
first cell that differs, as `-x` would), `--jobs` processes at a time, after a baseline run of each
chapter on the unchanged copy (a chapter that already fails proves nothing: the tool stops with exit 1).

The wrong figure (the first rule that keeps the data valid is used, for all three kinds):
  Arabic numbers   last digit +1, 9 -> 8; sign, length and decimals kept: 7.6 -> 7.7,
                   124.80 -> 124.81, 1099 -> 1098, -2.5 -> -2.6 (then: -1, +2, -2)
  Chinese numerals last digit one up, 九 -> 八: 四 -> 五, 两 -> 三, 一 -> 二; a final 十/百/千
                   one order up: 千 -> 万 (突破千亿元 -> 突破万亿元) (then: one down)
  持平, 基本持平     -> 1 (the targets table's growth column then reads 1, i.e. +1%)
  双位数            -> " 9% " (实现双位数增长 -> 实现 9% 增长: single-digit growth)
Exit status 1 when (a, checksum updated) or either (b) kills less than 100%, when a claim a chapter
shows survives (c), when a mutant cannot be built, or when the unchanged data or a chapter fails.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import io
import json
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from hzlib import paths
from hzlib.checks import problems
from hzlib.errors import DataError, Problem
from hzlib.numbers import DIGITS, MULTIPLIERS, ROMAN, declines, occurrences, parse
from hzlib.report import clean
from hzlib.store import DataStore

from .nbval_first_failure import RESULTS_ENV
from .notebooks import output_text, outputs

REPO = Path(__file__).resolve().parents[2]

RAW, SUMS = paths.RAW_REPORT, paths.RAW_CHECKSUMS
TABLES = {paths.CLAIMS: "quote", paths.NOT_CLAIMS: "context", paths.RELATIONS: "quote"}  # table -> its excerpt column
UNCHANGED = (paths.CONTEXT, paths.OUTTURN_LINKS)  # copied into every mutant as they are: verify() checks them too
SANITIZE = "tests/nbval-sanitize.cfg"
TIMEOUT = 900  # seconds for one run of a batch (a hang guard, not a speed target)
BATCH = 8  # runs per pytest process for kind c
PLUGIN = "nbval_first_failure"  # tests/support/nbval_first_failure.py, copied beside each batch
# pytest with the repository's configuration (nbval's options: pyproject.toml), rooted in the run's own copy of book/
NBVAL = ["-m", "pytest", "-c", str(REPO / "pyproject.toml"), "--rootdir", ".", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"]
ARABIC = re.compile(r"^[-−]?\d+(?:\.\d+)?$")
WORDS = {"持平": ("1", "1"), "基本持平": ("1", "1"), "双位数": (" 9% ", "9")}  # as written -> (report text, as_written)
NUMERALS = "零一二三四五六七八九"
ORDERS = "十百千万"


# ---------------------------------------------------------------- the wrong figure


@dataclass(frozen=True)
class Change:
    """A wrong figure: what the report says instead (`text`) and how a quote writes it (`as_written`)."""

    text: str
    as_written: str


def changes(as_written: str) -> list[Change]:
    """The wrong figures to try for a number as written, preferred first (see the module docstring)."""
    if as_written in WORDS:
        return [Change(*WORDS[as_written])]
    if ARABIC.match(as_written):
        head, last = as_written[:-1], int(as_written[-1])
        found = [head + str(last + step) for step in (1, -1, 2, -2) if 0 <= last + step <= 9]
    elif as_written in ROMAN:  # a grade (water class IV): one class up, then down
        order = list(ROMAN)
        at = order.index(as_written)
        found = [order[i] for i in (at + 1, at - 1, at + 2, at - 2) if 0 <= i < len(order)]
    elif as_written and all(ch in DIGITS or ch in MULTIPLIERS for ch in as_written):
        head, last = as_written[:-1], as_written[-1]
        if last in MULTIPLIERS:
            at = ORDERS.index(last)
            found = [head + ORDERS[i] for i in (at + 1, at - 1) if 0 <= i < len(ORDERS)]
        else:
            digit = DIGITS[last]
            found = [head + NUMERALS[d] for d in (digit + 1, digit - 1) if 1 <= d <= 9]
    else:
        return []
    return [Change(text, text) for text in found if parse(text) != parse(as_written)]


# ---------------------------------------------------------------- the snapshot and its claims


@dataclass(frozen=True)
class Site:
    """A claim of the ledger and where its figure stands in the cleaned report."""

    claim_id: str
    section: str
    record: int  # index in claims.csv's records (the header is record 0)
    as_written: str
    quote: str
    quote_at: int  # offset of the quote in the cleaned report
    start: int  # the figure, as written, in the cleaned report
    end: int


class BuildError(ValueError):
    """A mutant that cannot be written consistently (the reason is the message)."""


def read_records(data: bytes) -> list[list[str]]:
    """Records of a curated CSV, header first."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def write_records(records: list[list[str]]) -> bytes:
    """A curated CSV as the curators write it: UTF-8, `\\n` line ends."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode("utf-8")


class Snapshot:
    """The data folder as it was when the run started; every mutant is written from it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = {name: (folder / name).read_bytes() for name in (RAW, SUMS, *TABLES, *UNCHANGED)}
        self.raw = self.files[RAW].decode("utf-8")
        self.text = clean(self.raw)
        self.tables = {name: read_records(self.files[name]) for name in TABLES}
        self._raw_at: dict[str, list[int]] = {}
        self._text_at: dict[str, list[int]] = {}
        self.sites, self.broken = self._locate()

    def paragraph(self, site: Site) -> int:
        """Index of the paragraph (line of the cleaned report) holding the claim's figure."""
        return self.text.count("\n", 0, site.start)

    def _locate(self) -> tuple[dict[str, Site], dict[str, str]]:
        records = self.tables[paths.CLAIMS]
        column = {name: i for i, name in enumerate(records[0])}
        sites: dict[str, Site] = {}
        broken: dict[str, str] = {}
        for index, record in enumerate(records[1:], start=1):
            cid, quote, written = record[column["claim_id"]], record[column["quote"]], record[column["as_written"]]
            places = find_all(self.text, quote)
            inside = occurrences(written, quote) if written else []
            if cid in sites or cid in broken:
                broken[cid] = "duplicate claim id"
            elif len(places) != 1 or len(inside) != 1:
                broken[cid] = "quote not unique in the report, or as_written not once in the quote"
            else:
                start = places[0] + inside[0]
                sites[cid] = Site(cid, record[column["section"]], index, written, quote, places[0], start, start + len(written))
        return sites, broken

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Where the cleaned text's [start, end) stands in the raw text.

        Cleaning only deletes characters (line breaks, trailing blanks, `**`, the braces of
        PM_{2.5}) and never a digit or a Chinese character, so the k-th occurrence of such a
        character in the cleaned text is its k-th occurrence in the raw text.
        """
        at = []
        for i in range(start, end):
            ch = self.text[i]
            if ch not in self._raw_at:
                self._raw_at[ch] = find_all(self.raw, ch)
                self._text_at[ch] = find_all(self.text, ch)
            at.append(self._raw_at[ch][bisect.bisect_left(self._text_at[ch], i)])
        if at != list(range(at[0], at[0] + len(at))):
            raise BuildError(f"the figure {self.text[start:end]!r} is not contiguous in the raw text")
        return at[0], at[-1] + 1


def find_all(text: str, needle: str) -> list[int]:
    """Every offset of `needle` in `text`, overlapping ones included."""
    found, at = [], text.find(needle)
    while needle and at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


# ---------------------------------------------------------------- mutants


@dataclass
class Mutant:
    """Edits of the snapshot: figures changed in the report, cells changed in the tables."""

    figures: list[tuple[Site, Change]] = field(default_factory=list)
    cells: dict[tuple[str, int, str], str] = field(default_factory=dict)  # (table, record, column) -> value
    checksum: bool = True  # update SHA256SUMS to the changed report


def merge(mutants: Iterable[Mutant]) -> Mutant:
    """One mutant holding the edits of several (their figures must stand in different paragraphs)."""
    merged = Mutant()
    for mutant in mutants:
        merged.figures += mutant.figures
        merged.cells.update(mutant.cells)
        merged.checksum = mutant.checksum
    return merged


def wrong_row(site: Site, change: Change) -> tuple[str, float]:
    """The claim's quote and value once its figure reads `change` (the sign follows 下降/减少, as in hzlib)."""
    offset = site.start - site.quote_at
    quote = site.quote[:offset] + change.text + site.quote[offset + len(site.as_written):]
    inside = occurrences(change.as_written, quote)
    if len(inside) != 1:
        raise BuildError(f"{change.as_written!r} would occur {len(inside)} times in the quote {quote!r}")
    magnitude = parse(change.as_written)
    sign = -1.0 if declines(quote, inside[0]) and magnitude > 0 else 1.0
    return quote, sign * magnitude


def cell(snap: Snapshot, table: str, record: int, column: str) -> tuple[str, int, str]:
    """Key of one cell, checking the column exists."""
    if column not in snap.tables[table][0]:
        raise BuildError(f"{table} has no column {column}")
    return (table, record, column)


def report_mutant(site: Site, change: Change, *, checksum: bool) -> Mutant:
    """(a) The report says the wrong figure; the ledger is left as it was."""
    return Mutant(figures=[(site, change)], checksum=checksum)


def value_mutant(snap: Snapshot, site: Site, change: Change) -> Mutant:
    """(b) The ledger's value is wrong; as_written and quote still say the report's figure."""
    _, value = wrong_row(site, change)
    return Mutant(cells={cell(snap, paths.CLAIMS, site.record, "value"): repr(value)})


def row_mutant(snap: Snapshot, site: Site, change: Change) -> Mutant:
    """(b) The ledger's row says the wrong figure throughout: value, as_written and quote."""
    quote, value = wrong_row(site, change)
    return Mutant(cells={
        cell(snap, paths.CLAIMS, site.record, "value"): repr(value),
        cell(snap, paths.CLAIMS, site.record, "as_written"): change.as_written,
        cell(snap, paths.CLAIMS, site.record, "quote"): quote,
    })


def consistent_mutant(snap: Snapshot, site: Site, change: Change) -> Mutant:
    """(c) Report, checksum and ledger all say the wrong figure, every excerpt spanning it rewritten."""
    mutant = row_mutant(snap, site, change)
    mutant.figures.append((site, change))
    # Claims that state the very same figure (各1所: one number, two kinds of school) change with it.
    sharing = [s for s in snap.sites.values() if (s.start, s.end) == (site.start, site.end) and s.record != site.record]
    for other in sharing:
        mutant.cells.update(row_mutant(snap, other, change).cells)
    for table, column in TABLES.items():
        records = snap.tables[table]
        at = records[0].index(column)
        for index, record in enumerate(records[1:], start=1):
            if table == paths.CLAIMS and index in {site.record, *(s.record for s in sharing)}:
                continue
            excerpt = record[at]
            places = [p for p in find_all(snap.text, excerpt) if p < site.end and site.start < p + len(excerpt)]
            if not places:
                continue
            p = places[0]
            if len(find_all(snap.text, excerpt)) != 1 or not (p <= site.start and site.end <= p + len(excerpt)):
                raise BuildError(f"{table} record {index}: its {column} {excerpt!r} spans the figure only in part, or occurs twice")
            key = cell(snap, table, index, column)
            mutant.cells[key] = excerpt[:site.start - p] + change.text + excerpt[site.end - p:]
    return mutant


def write(snap: Snapshot, mutant: Mutant, folder: Path) -> None:
    """Write the snapshot with the mutant's edits into `folder`, a complete data folder for hzlib."""
    files = dict(snap.files)
    if mutant.figures:
        raw, text = snap.raw, snap.text
        for site, change in sorted(mutant.figures, key=lambda f: -f[0].start):
            start, end = snap.raw_span(site.start, site.end)
            raw = raw[:start] + change.text + raw[end:]
            text = text[:site.start] + change.text + text[site.end:]
        if clean(raw) != text:
            raise BuildError("the changed report does not clean to the expected text (a figure at a line break?)")
        files[RAW] = raw.encode("utf-8")
        if mutant.checksum:
            digest = hashlib.sha256(files[RAW]).hexdigest()
            name = Path(RAW).name
            lines = snap.files[SUMS].decode("utf-8").splitlines()
            files[SUMS] = "".join(
                f"{digest}  {name}\n" if line.partition("  ")[2].strip() == name else line + "\n" for line in lines
            ).encode("utf-8")
    for table in {key[0] for key in mutant.cells}:
        records = [list(r) for r in snap.tables[table]]
        for (name, record, column), value in mutant.cells.items():
            if name == table:
                records[record][records[0].index(column)] = value
        files[table] = write_records(records)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


# ---------------------------------------------------------------- running hzlib's checks in-process


CHECKS = {"runs": 0}  # how many times hzlib's checks ran, for the log


def check(folder: Path) -> list[Problem]:
    """Every problem hzlib.checks.problems() finds in a data folder (a raised DataError's too)."""
    CHECKS["runs"] += 1
    try:
        return problems(DataStore(folder))
    except DataError as error:
        return error.problems


def only_verdicts(found: list[Problem]) -> bool:
    """Whether the only problems are relations whose verdict changed (the data is otherwise consistent)."""
    return all(p.record == "relation" and p.column == "expected" for p in found)


# ---------------------------------------------------------------- outcomes


@dataclass
class Outcome:
    """What became of one mutant."""

    kind: str  # a-checksum, a, b-value, b-row, c
    claim_id: str
    section: str
    change: str  # the wrong figure, e.g. "7.6 -> 7.7"
    status: str  # killed, survived, no chapter, error
    detail: str = ""  # the problem or the nbval cell that killed it, or why it survived
    shown: bool | None = None  # (c) whether the claim's chapter shows it

    @property
    def killed(self) -> bool:
        return self.status == "killed"


KIND_TITLES = {
    "a-checksum": "a  report text, SHA256SUMS left as it was (checksum)",
    "a": "a  report text, SHA256SUMS updated (a problem names the claim)",
    "b-value": "b  ledger value only",
    "b-row": "b  ledger value, as_written and quote",
    "c": "c  report + checksum + ledger consistently (nbval)",
}


def describe(site: Site, change: Change | None) -> str:
    """The wrong figure as a reader wants it: `7.6 -> 7.7`."""
    return f"{site.as_written} -> {change.text.strip() if change else '?'}"


Killer = Callable[[list[Problem], str], Problem | None]


def naming(found: list[Problem], claim_id: str) -> Problem | None:
    """The first problem of the claim row with this id, if any."""
    return next((p for p in found if p.record == "claim" and p.claim_id == claim_id), None)


def checksum_problem(found: list[Problem], claim_id: str) -> Problem | None:
    """The checksum problem (it names the report file, not the claim)."""
    return next((p for p in found if "sha256" in p.message), None)


def in_process(snap: Snapshot, work: Path, kind: str, mutants: dict[str, Mutant], picks: dict[str, Change],
               killer: Killer, decisive: Callable[[Problem], bool] | None, together: bool = False) -> list[Outcome]:
    """Run data-level mutants through hzlib's checks: killed when `killer` finds the problem.

    With `decisive`, claims of different paragraphs (all claims, if `together`) run in one batch,
    and a batch's kill is accepted only if decisive (a problem the claim's own change must cause);
    anything else runs alone.
    """
    results: list[Outcome] = []
    alone: list[str] = []
    if decisive is None:
        batches = [[cid] for cid in mutants]
    elif together:
        batches = [list(mutants)]
    else:
        batches = paragraph_batches(snap, list(mutants))
    for batch in batches:
        single = len(batch) == 1
        try:
            write(snap, merge(mutants[cid] for cid in batch), work)
        except BuildError as error:
            if single:
                site = snap.sites[batch[0]]
                results.append(Outcome(kind, batch[0], site.section, describe(site, picks[batch[0]]), "error", str(error)))
            else:
                alone += batch
            continue
        found = check(work)
        for cid in batch:
            site = snap.sites[cid]
            problem = killer(found, cid)
            if problem and (single or (decisive and decisive(problem))):
                results.append(Outcome(kind, cid, site.section, describe(site, picks[cid]), "killed", str(problem)))
            elif single:
                results.append(Outcome(kind, cid, site.section, describe(site, picks[cid]), "survived", "no problem names the claim"))
            else:
                alone.append(cid)
    if alone:
        results += in_process(snap, work, kind, {cid: mutants[cid] for cid in alone}, picks, killer, None)
    return results


def paragraph_batches(snap: Snapshot, claim_ids: list[str]) -> list[list[str]]:
    """Claims split into batches in which no two figures share a paragraph of the report."""
    batches: list[list[str]] = []
    used: list[set[int]] = []
    for cid in claim_ids:
        paragraph = snap.paragraph(snap.sites[cid])
        slot = next((i for i, taken in enumerate(used) if paragraph not in taken), None)
        if slot is None:
            batches.append([])
            used.append(set())
            slot = len(batches) - 1
        batches[slot].append(cid)
        used[slot].add(paragraph)
    return batches


# ---------------------------------------------------------------- choosing a figure that keeps the data valid


def choose_changes(snap: Snapshot, work: Path, claim_ids: list[str]) -> tuple[dict[str, Change], dict[str, str]]:
    """For each claim, the first wrong figure whose consistent (c) mutant passes hzlib's checks.

    Claims of different paragraphs are checked together (their edits touch different excerpts);
    a batch with any problem but a changed relation verdict is split in halves until the culprits
    are found. A claim with no valid figure gets the reasons instead.
    """
    chosen: dict[str, Change] = {}
    reasons: dict[str, list[str]] = {cid: [] for cid in claim_ids}
    tries = {cid: changes(snap.sites[cid].as_written) for cid in claim_ids}
    pending = [cid for cid in claim_ids if tries[cid]]
    attempt = 0
    while pending:
        built: dict[str, Mutant] = {}
        retry: list[str] = []
        for cid in pending:
            try:
                built[cid] = consistent_mutant(snap, snap.sites[cid], tries[cid][attempt])
            except BuildError as error:
                reasons[cid].append(f"{tries[cid][attempt].text.strip()}: {error}")
                retry.append(cid)

        figures = {cid: tries[cid][attempt] for cid in built}
        for batch in paragraph_batches(snap, list(built)):
            settle(snap, work, batch, built, figures, chosen, reasons, retry)
        attempt += 1
        pending = [cid for cid in retry if attempt < len(tries[cid])]
    failed = {cid: "; ".join(reasons[cid]) or f"no rule for the figure {snap.sites[cid].as_written!r}"
              for cid in claim_ids if cid not in chosen}
    return chosen, failed


def settle(snap: Snapshot, work: Path, batch: list[str], built: dict[str, Mutant], figures: dict[str, Change],
           chosen: dict[str, Change], reasons: dict[str, list[str]], retry: list[str]) -> None:
    """Check a batch of consistent mutants together; split it in halves while it has problems."""
    found = problems_of(snap, work, merge(built[cid] for cid in batch))
    if found is not None and only_verdicts(found):
        chosen.update({cid: figures[cid] for cid in batch})
    elif len(batch) > 1:
        settle(snap, work, batch[: len(batch) // 2], built, figures, chosen, reasons, retry)
        settle(snap, work, batch[len(batch) // 2:], built, figures, chosen, reasons, retry)
    else:
        first = found[0] if found else "the changed report does not clean as expected"
        reasons[batch[0]].append(f"{figures[batch[0]].text.strip()}: {first}")
        retry.append(batch[0])


def problems_of(snap: Snapshot, work: Path, mutant: Mutant) -> list[Problem] | None:
    """hzlib's problems with a mutant's data (None if it cannot even be written)."""
    try:
        write(snap, mutant, work)
    except BuildError:
        return None
    return check(work)


# ---------------------------------------------------------------- nbval


@dataclass(frozen=True)
class Run:
    """One nbval run of a batch: chapters of book/ on a data folder written from the snapshot with `mutant`."""

    label: str  # a claim id, or a notebook for the baseline
    mutant: Mutant
    notebooks: list[str]  # relative to the repository: book/1-1-growth.ipynb


class Book:
    """A snapshot of book/ and the nbval settings, copied once per job so that runs never share a folder."""

    def __init__(self, scratch: Path, jobs: int, book: Path = REPO / "book"):
        self.source = scratch / "book-snapshot"
        shutil.copytree(book, self.source / "book", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
        (self.source / "tests").mkdir()
        shutil.copy(REPO / SANITIZE, self.source / SANITIZE)
        shutil.copy(Path(__file__).with_name(PLUGIN + ".py"), self.source / (PLUGIN + ".py"))
        self.slots: queue.Queue[Path] = queue.Queue()
        for job in range(jobs):
            copy = scratch / f"book-{job}"
            shutil.copytree(self.source, copy)
            self.slots.put(copy)

    def chapters(self, section: str) -> list[str]:
        """The chapter notebooks of a report section, as paths relative to the repository."""
        stem = section.lower().replace(".", "-")
        return [f"book/{p.name}" for p in sorted((self.source / "book").glob(f"{stem}-*.ipynb"))]

    def shows(self, claim_id: str, notebooks: list[str]) -> bool:
        """Whether the claim's id stands in the stored outputs of one of the notebooks."""
        return any(claim_id in "\n".join(output_text(o) for o in outputs(self.source / nb)) for nb in notebooks)

    def nbval(self, snap: Snapshot, batch: list[Run]) -> dict[str, tuple[str, str]]:
        """Real nbval on a batch of runs in one pytest process: (status, detail) of each run, by label.

        Each run gets its own folder, runs/<i>/, with its data folder and a copy of its chapters; the
        kernel starts in the chapter's folder, so HZLIB_DATA=../data points each copy at its own data.
        One process for several runs saves pytest's start-up (4 of the ~10 s of a run); the plugin
        stops each notebook at its first failing cell, as `-x` would for one.
        """
        slot = self.slots.get()
        try:
            work = slot / "runs"
            shutil.rmtree(work, ignore_errors=True)
            copies: dict[str, list[str]] = {}
            for i, run in enumerate(batch):
                write(snap, run.mutant, work / str(i) / "data")
                (work / str(i) / "book").mkdir(parents=True)
                for nb in run.notebooks:
                    shutil.copy(self.source / nb, work / str(i) / nb)
                copies[run.label] = [f"runs/{i}/{nb}" for nb in run.notebooks]
            found = slot / "first-failures.json"
            found.unlink(missing_ok=True)
            env = {**os.environ, paths.DATA_ENV: "../data", RESULTS_ENV: str(found)}
            args = [sys.executable, *NBVAL, "-p", PLUGIN, *(nb for nbs in copies.values() for nb in nbs)]
            try:
                result = subprocess.run(args, check=False, cwd=slot, env=env, capture_output=True, text=True,
                                        timeout=TIMEOUT * len(batch))
            except subprocess.TimeoutExpired:
                return {run.label: ("error", f"nbval timed out after {TIMEOUT * len(batch)} s") for run in batch}
            first = json.loads(found.read_text(encoding="utf-8")) if found.is_file() else {}
            return {label: nbval_verdict(result, first, nbs) for label, nbs in copies.items()}
        finally:
            self.slots.put(slot)


def nbval_verdict(result: subprocess.CompletedProcess[str], first: dict[str, dict[str, str] | None],
                  notebooks: list[str]) -> tuple[str, str]:
    """(status, detail) of one run of a batch: killed names the first failing cell and why."""
    if result.returncode not in (0, 1) or any(nb not in first for nb in notebooks):
        return "error", f"nbval exited {result.returncode}: {(result.stdout + result.stderr)[-400:]}"
    failures = [first[nb] for nb in notebooks if first[nb]]
    if not failures:
        return "survived", "nbval passed"
    cell = re.sub(r"^runs/\d+/", "", failures[0]["cell"])
    if "DataError" in failures[0]["text"]:
        return "error", f"{cell}: hzlib raised DataError (the mutant is not self-consistent)"
    why = "checked_relations raised" if "RelationMismatchError" in failures[0]["text"] else "a stored output differs"
    return "killed", f"{cell}: {why}"


def batches(runs: list[Run], jobs: int) -> list[list[Run]]:
    """The runs dealt into batches of at most BATCH, at least one per job (deterministic: round robin)."""
    count = max(jobs, -(-len(runs) // BATCH)) if runs else 0
    return [dealt for dealt in (runs[i::count] for i in range(count)) if dealt]


def run_c(snap: Snapshot, book: Book, scratch: Path, picks: dict[str, Change], failed: dict[str, str],
          claim_ids: list[str], jobs: int, log: Callable[[str], None]) -> tuple[list[Outcome], dict[str, str]]:
    """Kind (c): check the chapters pass unchanged, then run nbval on each consistent mutant."""
    results: dict[str, Outcome] = {}
    notebooks = {cid: book.chapters(snap.sites[cid].section) for cid in claim_ids}
    ready: list[str] = []
    for cid in claim_ids:
        site = snap.sites[cid]
        if not notebooks[cid]:
            stem = site.section.lower().replace(".", "-")
            results[cid] = Outcome("c", cid, site.section, describe(site, picks.get(cid)), "no chapter", f"no book/{stem}-*.ipynb yet")
        elif cid in failed:
            results[cid] = Outcome("c", cid, site.section, describe(site, None), "error", f"no consistent mutant: {failed[cid]}")
        else:
            ready.append(cid)

    def verdicts(runs: list[Run]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        with ThreadPoolExecutor(jobs) as pool:
            for done in pool.map(lambda batch: book.nbval(snap, batch), batches(runs, jobs)):
                found.update(done)
        return found

    needed = sorted({nb for cid in ready for nb in notebooks[cid]})
    started = time.monotonic()
    baseline = verdicts([Run(nb, Mutant(), [nb]) for nb in needed])
    stale = {nb: detail for nb, (status, detail) in baseline.items() if status != "survived"}
    log(f"  c: baseline nbval of {len(needed)} chapter(s) on the unchanged data: {time.monotonic() - started:.1f} s"
        + (f"; FAILING ALREADY: {', '.join(stale)}" if stale else ""))

    runs: list[Run] = []
    for cid in ready:
        site = snap.sites[cid]
        results[cid] = Outcome("c", cid, site.section, describe(site, picks[cid]), "error", "", book.shows(cid, notebooks[cid]))
        if any(nb in stale for nb in notebooks[cid]):
            results[cid].detail = "its chapter fails nbval without any mutation"
        else:
            runs.append(Run(cid, consistent_mutant(snap, site, picks[cid]), notebooks[cid]))
    started = time.monotonic()
    for cid, (status, detail) in verdicts(runs).items():
        results[cid].status, results[cid].detail = status, detail
    if runs:
        spent = time.monotonic() - started
        log(f"  c: {len(runs)} mutants, nbval in batches of up to {BATCH}, {jobs} at a time: {spent:.1f} s "
            f"({spent * jobs / len(runs):.1f} s per mutant)")
    return [results[cid] for cid in claim_ids], stale


def data_mutants(snap: Snapshot, work: Path, kind: str, picks: dict[str, Change], claim_ids: list[str]) -> list[Outcome]:
    """Kinds (a) and (b) for the given claims, all through hzlib's checks in this process."""
    results = [Outcome(kind, cid, snap.sites[cid].section, describe(snap.sites[cid], None), "error", "no rule to change this figure")
               for cid in claim_ids if cid not in picks]
    ready = [cid for cid in claim_ids if cid in picks]
    sites = snap.sites
    if kind == "a":
        kept = {cid: report_mutant(sites[cid], picks[cid], checksum=False) for cid in ready}
        results += in_process(snap, work, "a-checksum", kept, picks, checksum_problem, None)
        updated = {cid: report_mutant(sites[cid], picks[cid], checksum=True) for cid in ready}
        results += in_process(snap, work, "a", updated, picks, naming, lambda p: p.column == "quote" and "not found" in p.message)
    else:  # the report is unchanged: a claim row's check depends on that row alone, so a batch is exact
        values = {cid: value_mutant(snap, sites[cid], picks[cid]) for cid in ready}
        results += in_process(snap, work, "b-value", values, picks, naming, lambda p: True, together=True)
        rows = {cid: row_mutant(snap, sites[cid], picks[cid]) for cid in ready}
        results += in_process(snap, work, "b-row", rows, picks, naming, lambda p: True, together=True)
    return results


# ---------------------------------------------------------------- the run


def snapshot(scratch: Path) -> Snapshot:
    """Copy data/ (the report, its checksum, the three tables, the context and its links) and read it: the
    run's fixed starting point."""
    folder = scratch / "snapshot"
    for name in (RAW, SUMS, *TABLES, *UNCHANGED):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "data" / name, folder / name)
    return Snapshot(folder)


def pick(ids: list[str], size: int | None, seed: int) -> list[str]:
    """A deterministic sample of `size` ids (all of them without a size)."""
    return sorted(random.Random(seed).sample(ids, size)) if size is not None and size < len(ids) else ids


def run(kinds: set[str], sample: int | None, sample_c: int | None, seed: int, jobs: int,
        log: Callable[[str], None] = print) -> tuple[list[Outcome], list[str]]:
    """Every mutant asked for; returns the outcomes and the reasons the run itself is not sound."""
    unsound: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hz-mutate-") as tmp:
        scratch = Path(tmp)
        snap = snapshot(scratch)
        base = check(snap.folder)
        if base:
            unsound.append(f"the unchanged data has {len(base)} problem(s), so `make test` fails already; first: {base[0]}")
        unsound += [f"claim {cid} cannot be located: {why}" for cid, why in snap.broken.items()]
        faulty = {p.claim_id for p in base if p.record == "claim"}
        ids = sorted(cid for cid in snap.sites if cid not in faulty)
        book = Book(scratch, jobs) if "c" in kinds else None
        data_ids = pick(ids, sample, seed) if kinds & {"a", "b"} else []
        c_ids: list[str] = []
        if book:
            with_chapter = [cid for cid in ids if book.chapters(snap.sites[cid].section)]
            c_ids = ids if sample_c is None else pick(with_chapter, sample_c, seed)
        log(f"mutation testing: {len(ids)} claims, {len(data_ids)} for a/b, {len(c_ids)} for c; snapshot in {scratch}")
        started = time.monotonic()
        needs_figure = sorted(set(data_ids) | {cid for cid in c_ids if not book or book.chapters(snap.sites[cid].section)})
        picks, failed = choose_changes(snap, scratch / "choose", needs_figure)
        log(f"  wrong figures chosen, consistent mutants checked: {CHECKS['runs']} runs of hzlib's checks, {time.monotonic() - started:.1f} s")
        for cid in data_ids:  # (a) and (b) need no consistency: fall back to the first rule
            if cid not in picks and changes(snap.sites[cid].as_written):
                picks[cid] = changes(snap.sites[cid].as_written)[0]
        outcomes: list[Outcome] = []
        for kind in ("a", "b"):
            if kind in kinds:
                started, runs = time.monotonic(), CHECKS["runs"]
                outcomes += data_mutants(snap, scratch / f"{kind}-work", kind, picks, data_ids)
                log(f"  {kind}: {len(data_ids)} claims, {CHECKS['runs'] - runs} runs of hzlib's checks in-process: "
                    f"{time.monotonic() - started:.1f} s")
        if book:
            results, stale = run_c(snap, book, scratch, picks, failed, c_ids, jobs, log)
            outcomes += results
            unsound += [f"{nb} fails nbval on the unchanged data (`make execute NB={nb}`?): {why}" for nb, why in stale.items()]
    return outcomes, unsound


def summary(outcomes: list[Outcome], unsound: list[str]) -> tuple[str, bool]:
    """The table of kill rates per kind, the survivors, and whether the run passes."""
    lines = ["", f"{'kind':<62} {'mutants':>7} {'killed':>7} {'rate':>7}"]
    ok = not unsound
    for kind, title in KIND_TITLES.items():
        mine = [o for o in outcomes if o.kind == kind]
        if not mine:
            continue
        tested = [o for o in mine if o.status in ("killed", "survived")]
        killed = sum(o.killed for o in tested)
        rate = f"{100 * killed / len(tested):.1f}%" if tested else "-"
        lines.append(f"{title:<62} {len(tested):>7} {killed:>7} {rate:>7}")
        if kind == "c":
            shown = [o for o in tested if o.shown]
            lines.append(f"{'     shown by their chapter':<62} {len(shown):>7} {sum(o.killed for o in shown):>7}")
            hidden = [o for o in tested if not o.shown]
            lines.append(f"{'     in a chapter that does not show them':<62} {len(hidden):>7} {sum(o.killed for o in hidden):>7}")
            lines.append(f"{'     no chapter yet (not run)':<62} {sum(o.status == 'no chapter' for o in mine):>7}")
            ok = ok and all(o.killed for o in shown)
        elif kind != "a-checksum":
            ok = ok and killed == len(tested)
        errors = [o for o in mine if o.status == "error"]
        ok = ok and not errors
    survivors = [o for o in outcomes if o.status in ("survived", "error")]
    if survivors:
        lines += ["", "survivors and errors:"]
        for o in survivors:
            where = " (not shown by its chapter)" if o.kind == "c" and o.shown is False else ""
            lines.append(f"  {o.kind:<10} {o.claim_id} [{o.section}] {o.change}{where}: {o.status}: {o.detail}")
    if unsound:
        lines += ["", "the run is not sound:", *(f"  {why}" for why in unsound)]
    lines += ["", "PASS" if ok else "FAIL: see above"]
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    """Command line: run the mutants, print the table, exit 1 if a mutant that must die survives."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog="See the module docstring for the rules.")
    parser.add_argument("--kinds", default="a,b,c", help="comma-separated kinds among a, b, c (default: all)")
    parser.add_argument("--sample", type=int, help="mutate only N claims (default: every claim)")
    parser.add_argument("--sample-c", type=int, help="claims for kind c, among those with a chapter (default: --sample)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--jobs", type=int, default=2, help="nbval runs at a time for kind c (default 2)")
    parser.add_argument("--json", type=Path, help="also write every outcome to this JSON file")
    args = parser.parse_args(argv)
    kinds = set(args.kinds.split(","))
    if not kinds <= {"a", "b", "c"}:
        parser.error(f"unknown kind(s) {', '.join(sorted(kinds - {'a', 'b', 'c'}))}; valid: a, b, c")
    sample_c = args.sample_c if args.sample_c is not None else args.sample
    started = time.monotonic()
    outcomes, unsound = run(kinds, args.sample, sample_c, args.seed, args.jobs, log=lambda s: print(s, flush=True))
    text, ok = summary(outcomes, unsound)
    print(text)
    print(f"total time {time.monotonic() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
