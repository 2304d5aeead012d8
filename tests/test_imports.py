"""What a web worker imports: the app, not what only the workers, a build or a printed page
need (issue 16 measures the whole cost; this keeps the heaviest pieces out)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each takes a noticeable part of a second and tens of MB to import (bench/ measures it).
LATER = ("scipy", "pyloudnorm", "fpdf", "alembic")


def test_the_app_imports_without_what_only_audio_work_migrations_and_the_flyer_need():
    script = f"import sys, app; print(sorted(m for m in {LATER!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
