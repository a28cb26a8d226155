"""The report: read verbatim, check its checksum, clean it, split it into the plan's sections.

Cleaning only undoes what the PDF extraction did: paragraphs cut by page breaks and hard line
wraps are rejoined, markdown bold markers dropped and `PM_{2.5}` written `PM2.5`. No word changes.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .errors import DataError, Problem
from .paths import RAW_CHECKSUMS, RAW_REPORT
from .store import DataStore, default_store

SENTENCE_END = "。！？：；"
MIN_BODY_LENGTH = 20  # shorter unterminated lines are titles or the speaker's name
FULL_LINE_WIDTH = 28  # characters of a full line in the hard-wrapped pages
HEADING = re.compile(r"^(?:[一二三四五六七八九十]、|[（(]\s*[一二三四五六]\s*[）)])")


@dataclass(frozen=True)
class SectionSpec:
    """A section of the chapter plan and the paragraph that opens it in the report."""

    id: str
    title_en: str
    opens_with: str  # regex matched against the start of a cleaned paragraph


# In report order. `0`, `1.0` and `9` hold the front matter, part one's overview and the closing
# words, so that every paragraph belongs to exactly one section.
SECTION_SPECS: tuple[SectionSpec, ...] = (
    SectionSpec("0", "Front matter", r"广州市海珠区 2019 年国民经济和社会发展规划执行情况"),
    SectionSpec("1.0", "Part one: how the 2019 plan was carried out", r"一、2019 ?年国民经济和社会发展规划执行情况"),
    SectionSpec("1.1", "Growth and industrial structure", r"[（(]\s*一\s*[）)]经济增长保持韧性"),
    SectionSpec("1.2", "The Greater Bay Area", r"[（(]\s*二\s*[）)]粤港澳大湾区建设稳步推进"),
    SectionSpec("1.3", "Reform and innovation", r"[（(]\s*三\s*[）)]改革创新力度不断加大"),
    SectionSpec("1.4", "Urban renewal, management and environment", r"[（(]\s*四\s*[）)]现代化中心城区加快建设"),
    SectionSpec("1.5", "Jobs, welfare, culture, education and health", r"[（(]\s*五\s*[）)]社会事业全面发展"),
    SectionSpec("1.6", "What the report admits: problems and challenges", r"同时，我区经济社会发展仍面临不少风险和挑战"),
    SectionSpec("2.0", "The 2020 shock: COVID-19 and the first half", r"二、2020 ?年国民经济和社会发展规划安排建议"),
    SectionSpec("2.T", "The 2020 targets", r"2020 ?年是全面建成小康社会"),
    SectionSpec("2.1", "2020 plan: epidemic control and recovery", r"[（(]\s*一\s*[）)]\s*统筹推进疫情防控和经济社会发展"),
    SectionSpec("2.2", "2020 plan: stable growth and risk prevention", r"[（(]\s*二\s*[）)]\s*扎实做好稳增长防风险"),
    SectionSpec("2.3", "2020 plan: innovation and city functions", r"[（(]\s*三\s*[）)]\s*深入推进“四个出新出彩”"),
    SectionSpec("2.4", "2020 plan: the Greater Bay Area and opening up", r"[（(]\s*四\s*[）)]\s*加速推进粤港澳大湾区建设"),
    SectionSpec("2.5", "2020 plan: ecology and urban renewal", r"[（(]\s*五\s*[）)]\s*加强生态文明建设"),
    SectionSpec("2.6", "2020 plan: people's livelihood and social services", r"[（(]\s*六\s*[）)]\s*着力加强保障和改善民生"),
    SectionSpec("9", "Closing words", r"2020 ?年要动员全区力量"),
)
PLAN_SECTIONS: tuple[str, ...] = tuple(s.id for s in SECTION_SPECS if s.id not in {"0", "1.0", "9"})


def raw_text(store: DataStore | None = None) -> str:
    """The report exactly as extracted, after checking it against its recorded sha256."""
    store = store or default_store()
    path = store.file(RAW_REPORT)
    if not path.is_file():
        raise DataError(Problem(store.display_name(path), "the report text is missing; restore it with `git checkout data/raw`"))
    data = path.read_bytes()
    expected = _recorded_sha256(store, path.name)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise DataError(Problem(
            store.display_name(path),
            f"sha256 is {actual}, but {RAW_CHECKSUMS} records {expected}: the source changed; "
            "if that is intended, update the checksum and review every claim",
        ))
    return data.decode("utf-8")


def _recorded_sha256(store: DataStore, name: str) -> str:
    path = store.file(RAW_CHECKSUMS)
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, file = line.partition("  ")
        if file.strip() == name:
            return digest.strip()
    raise DataError(Problem(store.display_name(path), f"no checksum recorded for {name}"))


def clean(raw: str) -> str:
    """Undo the PDF extraction: one paragraph (or table row) per line, bold and subscripts plain."""
    text = raw.replace("\r\n", "\n").replace("**", "").replace("PM_{2.5}", "PM2.5")
    paragraphs: list[str] = []
    blank_before = False
    last_line = ""
    for line in text.split("\n"):
        line = line.rstrip()
        if not line:
            blank_before = bool(paragraphs)
            continue
        if paragraphs and _continues(paragraphs[-1], last_line, line, across_blank=blank_before):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        blank_before = False
        last_line = line
    return "\n".join(paragraphs) + "\n"


def _continues(previous: str, last_line: str, line: str, *, across_blank: bool) -> bool:
    """Whether `line` is the rest of the paragraph `previous`, cut by a wrap or a page break.

    A page break (blank line) cuts a body paragraph mid-sentence; a hard wrap (single newline,
    in the report's last pages) also cuts after a full stop when the wrapped line is full width.
    """
    if "\t" in previous or "\t" in line or line.startswith("——"):
        return False
    if HEADING.match(line) or HEADING.match(previous):
        return False
    if across_blank:
        long_body = len(previous) >= MIN_BODY_LENGTH and not previous.startswith("——")
        return previous[-1] not in SENTENCE_END and long_body
    return previous[-1] not in SENTENCE_END or len(last_line) >= FULL_LINE_WIDTH


@dataclass(frozen=True)
class Report:
    """The cleaned report text and its sections."""

    text: str
    sections: pd.DataFrame

    def find(self, quote: str) -> list[int]:
        """Every offset at which `quote` occurs in the cleaned text (empty if nowhere)."""
        return [m.start() for m in re.finditer(re.escape(quote), self.text)] if quote else []

    def section_at(self, offset: int) -> str:
        """The id of the section holding the character at `offset` (IndexError if none does).

        A binary search over the section starts: the ledger check calls this once per claim, and a
        pandas filter per call made `hzlib.claims()` and `hzlib.verify()` several times slower.
        """
        starts, ends, ids = self._spans
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0 or offset >= ends[index]:
            raise IndexError(f"offset {offset} lies in no section of the report")
        return ids[index]

    @cached_property
    def _spans(self) -> tuple[list[int], list[int], list[str]]:
        """Section starts, ends and ids as plain lists, in report order (sections do not overlap)."""
        frame = self.sections.sort_values("start")
        return frame["start"].tolist(), frame["end"].tolist(), [str(s) for s in frame["section"]]


def load_report(store: DataStore | None = None) -> Report:
    """Read, check and clean the report of a store's data folder, and split it into sections."""
    text = clean(raw_text(store))
    return Report(text=text, sections=_split(text))


def report() -> Report:
    """The cleaned report, with its sections found by the report's own headings (read once per store)."""
    return default_store().report


def _split(text: str) -> pd.DataFrame:
    starts: list[tuple[SectionSpec, int, str]] = []
    offset = 0
    pending = list(SECTION_SPECS)
    for paragraph in text.split("\n"):
        if pending and re.match(pending[0].opens_with, paragraph):
            starts.append((pending.pop(0), offset, paragraph))
        offset += len(paragraph) + 1
    if pending:
        missing = ", ".join(f"{s.id} ({s.opens_with})" for s in pending)
        raise DataError(Problem(RAW_REPORT, f"section headings not found, in order: {missing}"))
    rows = []
    for index, (spec, start, paragraph) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        rows.append({
            "section": spec.id,
            "title_zh": _title(spec.id, paragraph),
            "title_en": spec.title_en,
            "start": start,
            "end": end,
            "text": text[start:end].rstrip("\n"),
        })
    return pd.DataFrame(rows).astype({"start": "int64", "end": "int64"})


def _title(section: str, paragraph: str) -> str:
    """The heading as the report writes it; for sections without one, their opening clause."""
    if HEADING.match(paragraph) or section == "0":
        return paragraph.rstrip("。")
    clauses = re.split(r"(?<=[，,])", re.split(r"[。：]", paragraph, maxsplit=1)[0])
    title = clauses[0]
    for clause in clauses[1:]:
        if len(title + clause) > 40:
            break
        title += clause
    return title.rstrip("，,")


def sections() -> pd.DataFrame:
    """Section id, zh and English title, character span and text of every section."""
    return report().sections.copy()
