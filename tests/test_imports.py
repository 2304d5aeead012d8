"""What a web worker imports: the app, not what only the workers, a build or a printed page
need (issue 16 measures the whole cost; this keeps the heaviest pieces out)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each takes a noticeable part of a second or MB to import (bench/ measures it): audio work,
# engines, migrations, the flyer, and the REST client with requests (webhooks never call out).
LATER = (
    "scipy",
    "pyloudnorm",
    "fpdf",
    "alembic",
    "numpy",
    "soxr",
    "soundfile",
    "pydub",
    "python_stretch",
    "gtts",
    "py_nanotts",
    "requests",
    "twilio.rest",
)


def test_the_app_imports_without_what_only_audio_work_migrations_the_flyer_and_rest_need():
    script = f"import sys, app; print(sorted(m for m in {LATER!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
