"""The benchmarks take minutes, so the suite does not run them; it does import each one, so
that a change elsewhere cannot break a benchmark unnoticed (a helper it needs renamed or lost)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_every_benchmark_imports():
    names = sorted(path.stem for path in BENCH.glob("*.py"))
    assert {"webhooks", "load", "servers", "journeys"} <= set(names)
    code = f"import sys; sys.path.insert(0, {str(BENCH)!r}); " + "; ".join(
        f"import {name}" for name in names
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
