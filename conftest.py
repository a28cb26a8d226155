"""pytest at the repository's root: after a run, one line per notebook whose stored outputs no longer match;
nbval's kernels started again once if one died before replying (tests/support/nbval_kernel_retry.py).

Here rather than in tests/ because nbval's items are the notebooks of book/, outside tests/.
"""
import contextlib

from tests.support.nbval_kernel_retry import install
from tests.support.nbval_summary import pytest_terminal_summary

with contextlib.suppress(ImportError):  # `.venv-min` (hzlib's library tests) has no nbval
    install()

__all__ = ["pytest_terminal_summary"]
