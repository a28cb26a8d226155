"""All machine checks of the data in one call."""
from __future__ import annotations

from .context import context_problems
from .csvfile import read_rows
from .errors import DataError, Problem
from .ledger import BASE_COLUMNS, CLAIM_COLUMNS, check_claims
from .not_claims import coverage_problems
from .outturn import link_problems
from .paths import CLAIMS
from .relations import relation_problems
from .store import DataStore, default_store


def problems(store: DataStore | None = None) -> list[Problem]:
    """Every failed check of the ledger, the coverage list, the relations, the context file and the outturn links, in file order.

    The context file (`data/context.csv`) is checked here beside the ledger, never by it: `claims()`
    does not read it, and a broken context file does not stop the ledger from loading.
    """
    store = store or default_store()
    path = store.file(CLAIMS)
    name = store.display_name(path)
    found, good = check_claims(read_rows(path, CLAIM_COLUMNS, optional=BASE_COLUMNS, name=name), store.report, name)
    found += coverage_problems({int(row["offset"]): str(row["claim_id"]) for row in good}, store)  # type: ignore[call-overload]
    found += relation_problems(store)
    found += context_problems(store=store)
    if not found:  # the links name claims and context figures: checked once both load
        found += link_problems(store=store)
    return found


def verify(store: DataStore | None = None) -> None:
    """Run every check; raise DataError listing all failures (each names file, line, column, claim)."""
    found = problems(store)
    if found:
        raise DataError(found)
