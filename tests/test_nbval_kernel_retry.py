"""The retry of nbval's kernel start: once, and only for a kernel that died before replying."""
from __future__ import annotations

import pytest

from .support.nbval_kernel_retry import DIED, retrying


def _start_failing(times: int, message: str) -> tuple[list[int], object]:
    calls: list[int] = []

    def start(name: str) -> str:
        calls.append(1)
        if len(calls) <= times:
            raise RuntimeError(message)
        return f"kernel {name}"

    return calls, start


def test_a_kernel_that_died_before_replying_is_started_once_more() -> None:
    calls, start = _start_failing(1, DIED)
    assert retrying(start)("python3") == "kernel python3"  # type: ignore[arg-type]
    assert len(calls) == 2


def test_a_second_death_and_any_other_failure_are_raised() -> None:
    calls, start = _start_failing(2, DIED)
    with pytest.raises(RuntimeError, match=DIED):
        retrying(start)("python3")  # type: ignore[arg-type]
    assert len(calls) == 2
    calls, start = _start_failing(1, "No such kernel named python4")
    with pytest.raises(RuntimeError, match="python4"):
        retrying(start)("python4")  # type: ignore[arg-type]
    assert len(calls) == 1


def test_nbval_starts_its_kernels_through_the_retry() -> None:
    import nbval.kernel

    assert getattr(nbval.kernel.start_new_kernel, "_hz_retrying", False), "the root conftest did not install the retry"
