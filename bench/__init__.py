"""What each step costs on this machine: `make bench` runs `python -m bench.run`.

Builds and tests run in a throw-away clone of the working tree (bench.sandbox), never in the
working tree's own _build/. Results go to bench/results.json and a table on standard output.
"""
