"""Timing a command, and the summary statistic the bench reports (the median of several runs)."""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SETTLE_SECONDS = 0.0  # set by `--settle`: how long one step may wait for other processes to leave the CPU
SETTLE_BUDGET = [240.0]  # seconds of waiting left for the whole run, so that `make bench` stays near 10 minutes
DISTURBED = 0.25  # cores other processes used during a run above which the run is marked disturbed
IDLE_ENOUGH = 0.25  # busy fraction of all cores (0.25: half a core on 2) under which a step starts at once


class BenchError(RuntimeError):
    """A step the bench depends on failed; the message names the command and shows its last lines."""


@dataclass(frozen=True)
class Timed:
    """One run of a command: wall seconds, exit status, combined output; how busy the machine was just
    before it started (1-minute load average; share of all cores in use, sampled over 1 s); and the
    cores that other processes used while it ran (machine CPU time minus the command's own, per second)."""

    seconds: float
    returncode: int
    output: str
    load: float
    busy: float
    others_cores: float


def run(command: list[str], cwd: Path, env: dict[str, str], *, check: bool = True) -> Timed:
    """Run a command, timing its wall clock; with `check`, a non-zero exit raises BenchError."""
    busy = settle()
    load = os.getloadavg()[0]
    machine, ours = _machine_cpu_s(), _children_cpu_s()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", stdin=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - start
    others = max(0.0, (_machine_cpu_s() - machine) - (_children_cpu_s() - ours)) / seconds
    if check and done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-25:])
        raise BenchError(f"`{' '.join(command)}` failed in {cwd} (exit {done.returncode}):\n{tail}")
    return Timed(seconds, done.returncode, done.stdout, load, busy, others)


def _cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of all cores since boot, from /proc/stat (Linux)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[3] + fields[4], sum(fields[:8])


def _machine_cpu_s() -> float:
    """CPU seconds all processes of the machine have used since boot (nan without /proc/stat)."""
    try:
        idle, total = _cpu_times()
    except OSError:
        return float("nan")
    return (total - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu_s() -> float:
    """CPU seconds used by this process's finished children and their descendants (kernels included)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def busy_fraction(seconds: float = 1.0) -> float:
    """Share of all cores in use by any process over the next `seconds` (nan where /proc/stat is missing)."""
    try:
        idle0, total0 = _cpu_times()
        time.sleep(seconds)
        idle1, total1 = _cpu_times()
    except OSError:
        return float("nan")
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def settle() -> float:
    """Wait, up to SETTLE_SECONDS, until other processes leave the CPU; return the last busy fraction.

    On a shared 2-core machine a build started while another process holds a core takes up to twice
    as long, and a parallel run gains nothing: waiting keeps medians about this project's code.
    """
    start = time.monotonic()
    deadline = start + min(SETTLE_SECONDS, SETTLE_BUDGET[0])
    busy = busy_fraction()
    while busy > IDLE_ENOUGH and time.monotonic() < deadline:
        busy = busy_fraction(2.0)
    SETTLE_BUDGET[0] -= time.monotonic() - start
    return busy


def median(values: list[float]) -> float:
    """The median: robust to one run slowed by another process on a 2-core machine."""
    return statistics.median(values)


def progress(message: str) -> None:
    """One line of progress on stderr, so a 10-minute run shows where it is."""
    print(f"bench: {message}", file=sys.stderr, flush=True)
