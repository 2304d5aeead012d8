"""What a web worker imports: the app, not what only the workers, a build or a printed page
need (issue 16 measures the whole cost; this keeps the heaviest pieces out)."""

from __future__ import annotations

import ast
import os
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
    # The flask commands (imported when run or listed) and the prompt build's processes.
    "multiprocessing",
    "voice.schema",
    "voice.demo",
    "voice.speech.cli",
    "voice.recordings.cli",
    # Spoken numbers: only for a caller who says one.
    "text_to_num",
)
# A server connected to Twilio never needs the phone simulator either, nor the reminder
# dialer that the simulator's button for due reminders runs.
SERVER_LATER = (*LATER, "voice.telephony.simulator", "voice.reminders.cli")


def _loaded(names: tuple[str, ...], env: dict[str, str]) -> list[str]:
    """Which of `names` a fresh interpreter has loaded after `import app`."""
    script = f"import sys, app; print(sorted(m for m in {names!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return list(ast.literal_eval(out.stdout.strip()))


def test_the_app_imports_without_what_only_audio_work_migrations_the_flyer_and_rest_need():
    assert _loaded(LATER, {}) == []


def test_a_server_connected_to_twilio_imports_no_simulator_and_no_commands(tmp_path):
    server = {
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
        "SECRET_KEY": "a-secret-key-for-this-test-only-0123",
        "PUBLIC_BASE_URL": "https://telefon.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/server.db",
        "AUDIO_DIR": str(tmp_path / "audio"),
    }
    assert _loaded(SERVER_LATER, server) == []


def test_a_web_worker_loads_no_languages_cldr_data_at_start():
    """Babel's data for a language (day and month names, plural rules: 1 to 4 MB each) is
    loaded when a call first speaks it, not for every language at start. Babel has no public
    way to ask what it has loaded: its cache is read here."""
    script = "import app, babel.localedata as data; print(sorted(data._cache))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
