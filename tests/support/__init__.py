"""Test-only code: the browser check, mutation testing, reading the book's notebooks, the nbval summary."""
