"""scripts/serve as a person meets it: a busy port, and a worker that dies."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Stands in for .venv/bin/flask: the speech worker fails at once, the web server is a real
# HTTP server on the requested address, the other commands succeed or wait.
FAKE_FLASK = """#!/usr/bin/env bash
case "$*" in
    *"prompts worker"*) echo "no speech today" >&2; exit 3 ;;
    *"recordings run"*) exec sleep 60 ;;
    *" run --host "*) exec python3 -m http.server --bind "$5" "$7" ;;
esac
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)


def fake_project(folder: Path) -> None:
    """scripts/serve in a folder with a stand-in for setup and for the .venv's commands."""
    executable(folder / "scripts" / "serve", (ROOT / "scripts" / "serve").read_text())
    executable(folder / "scripts" / "setup", "#!/bin/sh\necho 'setup: fertig'\n")
    executable(folder / ".venv" / "bin" / "flask", FAKE_FLASK)
    executable(folder / ".venv" / "bin" / "python", "#!/bin/sh\necho simulator\n")


def test_busy_port_is_named_before_anything_starts(tmp_path):
    fake_project(tmp_path)
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = subprocess.run(
            ["bash", str(tmp_path / "scripts" / "serve")],
            env={"PATH": "/usr/bin:/bin", "HOST": "127.0.0.1", "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert result.stdout == ""  # no setup, nothing announced as running
    assert f"Port {port} auf 127.0.0.1 ist schon belegt" in result.stderr
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"PORT={port + 1} ./scripts/serve" in result.stderr
    assert not (tmp_path / "instance").exists()


def test_a_dying_worker_is_named_and_ctrl_c_stops_the_rest(tmp_path):
    fake_project(tmp_path)
    port = free_port()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        serve = subprocess.Popen(
            ["bash", "scripts/serve"],
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "HOST": "127.0.0.1", "PORT": str(port)},
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # so that the finally below can end whatever is left
            # Ctrl-C reaches a script in a terminal even where this test's own runner was
            # started with SIGINT ignored (in the background), which bash could not trap.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            deadline = time.monotonic() + 20
            while "Quartierstelefon läuft" not in out.read_text() or "beendet" not in (
                err.read_text()
            ):
                assert serve.poll() is None and time.monotonic() < deadline, err.read_text()
                time.sleep(0.1)
            serve.send_signal(signal.SIGINT)
            assert serve.wait(timeout=10) == 0
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
    assert f"Quartierstelefon läuft: http://127.0.0.1:{port}/" in out.read_text()
    assert (
        "Der Sprach-Dienst (baut die Ansagen) ist beendet (Exit-Code 3); "
        "Protokoll: instance/logs/speech.log." in err.read_text()
    )
    assert "no speech today" in (tmp_path / "instance" / "logs" / "speech.log").read_text()
    with socket.socket() as probe:  # the web server was stopped with the script
        probe.bind(("127.0.0.1", port))
