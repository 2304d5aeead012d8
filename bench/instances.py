"""The servers the load benchmarks run (bench/load.py, bench/servers.py): our app or a
comparison app under `gunicorn --workers 2`, and the comparison apps' sources."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SAMPLE = """
from flask import Flask, request
from twilio.twiml.voice_response import Gather, VoiceResponse

app = Flask("sample")


@app.post("/voice/menu/<name>")
def menu(name):
    response = VoiceResponse()
    digits = request.form.get("Digits", "")
    gather = Gather(num_digits=1, action="/voice/menu/main", method="POST")
    gather.say("Sie haben " + digits + " gedrückt. Für Veranstaltungen drücken Sie die 1.")
    response.append(gather)
    return str(response), 200, {"Content-Type": "text/xml"}
"""
# The least any webhook of ours must do, as the sample would with its signature checked and
# the call's state kept in the database: find the call's row, write its new step, answer.
# What it costs over the sample no design of ours can save.
FLOOR = """
import os

from flask import Flask, request
from sqlalchemy import text
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice.db import make_engine

app = Flask("floor")
engine = make_engine(os.environ["DATABASE_URL"])
validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])
BASE = os.environ["PUBLIC_BASE_URL"]
FIND = text("SELECT step FROM calls WHERE call_sid = :sid")
STEP = text("UPDATE calls SET step = :step WHERE call_sid = :sid")


@app.post("/voice/menu/<name>")
def menu(name):
    signature = request.headers.get("X-Twilio-Signature", "")
    if not validator.validate(BASE + request.path, request.form, signature):
        return "", 403
    sid = request.form.get("CallSid", "")
    with engine.begin() as conn:
        step = conn.execute(FIND, {"sid": sid}).scalar()
        conn.execute(STEP, {"step": name, "sid": sid})
    response = VoiceResponse()
    gather = Gather(num_digits=1, action="/voice/menu/main", method="POST")
    gather.say(f"Sie waren im Menü {step}. Für Veranstaltungen drücken Sie die 1.")
    response.append(gather)
    return str(response), 200, {"Content-Type": "text/xml"}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """`gunicorn --workers 2` serving `target` on a free port, until closed."""

    def __init__(self, target: str, env: dict[str, str], chdir: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--chdir",
                str(chdir),
                "--log-level",
                "warning",
                target,
            ],
            env={**os.environ, **env},
            stderr=log.open("ab"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start: {target}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker now (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(status.split("VmRSS:")[1].split()[0]) / 1024)
        return sizes

    def cpu_seconds(self) -> float:
        """CPU time the workers used so far (user and system; the master only waits)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        ticks = 0
        for pid in children.read_text().split():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def refused(self) -> int:
        """Key presses answered with "not a step of this call" so far (see calls/steps.py)."""
        return self.log.read_text(errors="replace").count("is not a step of CallSid")

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
