"""Several app servers on one PostgreSQL database, for the tests of issue 19: each instance is
a separate process with its own audio folder; `RoundRobin` stands for the load balancer in
front of them, as the phone simulator's way to the service."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import requests
from twilio.request_validator import RequestValidator

from voice.telephony.simulator.transport import Answer

ROOT = Path(__file__).resolve().parent.parent
SECRET = "several-servers"  # every instance: the same key, so the same simulator token
# One instance, as gunicorn would run the app: the environment is its configuration.
SERVE = """
from werkzeug.serving import make_server
from voice import create_app
server = make_server("127.0.0.1", 0, create_app(), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


def environment(database_url: str, folder: Path, simulator: Path, base_url: str) -> dict:
    """One server's settings: the shared database, its own audio folder. The simulator's
    folder is Twilio's storage, shared by nature."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "AUDIO_DIR": str(folder / "audio"),
        "SIMULATOR_DIR": str(simulator),
        "SECRET_KEY": SECRET,
        "PUBLIC_BASE_URL": base_url,
        "VOICE_TTS_ENGINE": "pico",
        "OFFICE_HOURS": "",
        "STAFF_PHONE_NUMBER": "",
        "CACHE_CHECK_SECONDS": "0.3",
        "REMINDER_RATE": "100",
        "REMINDER_HOURS": "00:00-24:00",
        "TWILIO_AUTH_TOKEN": "",
    }


@dataclass
class Instance:
    """One app server in its own process."""

    env: dict
    process: subprocess.Popen | None = None
    url: str = ""

    def start(self) -> Instance:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().strip()
        assert port.isdigit(), f"the instance did not start (exit {self.process.poll()})"
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            if self.process.stdout is not None:
                self.process.stdout.close()

    def flask(self, *args: str) -> subprocess.Popen:
        """A command of this server (a worker), started, not waited for."""
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@dataclass
class RoundRobin:
    """The load balancer: each request goes to the next instance, signed as Twilio signs it
    (for the public URL); `served` says which instance answered which path."""

    base_url: str
    token: str
    instances: list[str]
    served: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._next = itertools.cycle(self.instances)
        self._lock = threading.Lock()
        self._validator = RequestValidator(self.token)

    def send_next_to(self, instance: str) -> None:
        """Start the turn again at `instance` (a call's first webhook, for a test)."""
        with self._lock:
            start = self.instances.index(instance)
            self._next = itertools.cycle(self.instances[start:] + self.instances[:start])

    def absolute(self, url: str, current: str | None = None) -> str:
        return urljoin(current or self.base_url + "/", url)

    def is_ours(self, url: str) -> bool:
        return url.startswith(self.base_url + "/")

    def request(self, method: str, url: str, params: Mapping[str, str]) -> Answer:
        if method == "GET" and params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        form = dict(params) if method != "GET" else {}
        signature = self._validator.compute_signature(url, form)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            instance = next(self._next)
            self.served.append((parts.path, instance))
        response = requests.request(
            method,
            instance + path,
            data=form or None,
            headers={"X-Twilio-Signature": signature},
            timeout=60,
            allow_redirects=False,
        )
        kind = response.headers.get("Content-Type", "").split(";")[0]
        language = response.headers.get("Content-Language", "")
        return Answer(response.status_code, kind, response.content, language)
