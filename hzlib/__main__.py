"""Entry point of `python -m hzlib`."""
import sys

from .cli import main

sys.exit(main())
