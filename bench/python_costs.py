"""What the library costs a user: `import hzlib` against `import pandas`, and `hzlib.claims()`.

Each run is a fresh interpreter (imports are cached per process), timed from inside with
perf_counter so that interpreter start-up is not counted.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .timing import BenchError, median

SNIPPET = """
import json, sys, time
start = time.perf_counter()
import pandas
pandas_done = time.perf_counter()
import hzlib
imported = time.perf_counter()
matplotlib = "matplotlib" in sys.modules
hzlib.claims()
first = time.perf_counter()
hzlib.claims()
second = time.perf_counter()
print(json.dumps({"import_pandas_s": pandas_done - start, "import_hzlib_s": imported - start,
                  "hzlib_over_pandas_s": imported - pandas_done, "matplotlib_imported": matplotlib,
                  "claims_first_s": first - imported, "claims_second_s": second - first}))
"""


def _measure(code: str, cwd: Path, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"timing snippet failed in {cwd}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def python_costs(cwd: Path, env: dict[str, str], runs: int) -> dict[str, object]:
    """Medians over `runs` fresh interpreters. `import hzlib` imports pandas first; what hzlib adds
    on top is timed in the same process, which is steadier than subtracting two noisy totals."""
    found = [_measure(SNIPPET, cwd, env) for _ in range(runs)]
    out: dict[str, object] = {}
    for key in ("import_pandas_s", "import_hzlib_s", "hzlib_over_pandas_s", "claims_first_s", "claims_second_s"):
        ms = [1000 * float(r[key]) for r in found]
        out[key.removesuffix("_s") + "_ms"] = {"median": median(ms), "runs": ms}
    out["matplotlib_imported_by_import_hzlib"] = any(bool(r["matplotlib_imported"]) for r in found)
    return out
