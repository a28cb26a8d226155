"""One exception type for bad data, carrying every problem found, each located precisely."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One failed check: where it is (file, line, column, claim id) and what is wrong."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    claim_id: str | None = None  # the id of the row at fault: a claim, or a relation (see `record`)
    record: str = "claim"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        if self.claim_id:
            where += f", {self.record} {self.claim_id}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when the data fails a check; lists every problem, one per line."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        count = len(self.problems)
        head = f"{count} data problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))
