"""Entry point of `python -m hzbook` (the same as the `hzbook` console script)."""
import sys

from .cli import main

sys.exit(main())
