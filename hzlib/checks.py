"""All machine checks of the data in one call."""
from __future__ import annotations

from .coverage import coverage_problems
from .csvfile import read_rows
from .errors import DataError, Problem
from .ledger import BASE_COLUMNS, CLAIM_COLUMNS, check_claims
from .paths import CLAIMS, data_file, display_name
from .sources import report


def problems() -> list[Problem]:
    """Every failed check of the ledger, the coverage list, the relations, the context file and the outturn links, in file order.

    The context file (`data/context.csv`) is checked here beside the ledger, never by it: `claims()`
    does not read it, and a broken context file does not stop the ledger from loading.
    """
    path = data_file(CLAIMS)
    found, good = check_claims(read_rows(path, CLAIM_COLUMNS, optional=BASE_COLUMNS), report(), display_name(path))
    found += coverage_problems({int(row["offset"]): str(row["claim_id"]) for row in good})  # type: ignore[call-overload]
    from .arithmetic import relation_problems

    found += relation_problems()
    from .context import context_problems

    found += context_problems()
    if not found:  # the links name claims and context figures: checked once both load
        from .outturn import link_problems

        found += link_problems()
    return found


def verify() -> None:
    """Run every check; raise DataError listing all failures (each names file, line, column, claim)."""
    found = problems()
    if found:
        raise DataError(found)
