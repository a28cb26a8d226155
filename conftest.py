"""pytest at the repository's root: after a run, one line per notebook whose stored outputs no longer match.

Here rather than in tests/ because nbval's items are the notebooks of book/, outside tests/.
"""
from tests.support.nbval_summary import pytest_terminal_summary

__all__ = ["pytest_terminal_summary"]
