"""The one version of hzlib and its data: pyproject.toml's, as the installed distribution's metadata records it.

A clone is used through an editable install (`make setup` installs both environments so), so the
metadata is always there; there is no second reading of pyproject.toml to drift from it.
"""
from __future__ import annotations

from importlib.metadata import version

__version__: str = version("hzlib")
