"""Several app servers on one PostgreSQL (issue 19): many concurrent simulated calls spread
over two instances, beside the same load on one instance, in one run.

Each instance is gunicorn with 2 sync workers and its own AUDIO_DIR, on the same database
(emptied, then 1,000 upcoming events and 10,000 registrations). Each simulated call is a
whole call as Twilio makes it: the greeting (`/voice/incoming`), `2` past the greeting's
offer, then `1` (the events) and `*` (back) in turn, each webhook on a new connection after a
short random pause (0 to 2 x PAUSE_MS). With two instances, a call's webhooks alternate
between them, as a round-robin load balancer sends them: every key press is answered by the
other server than the one before. CALLERS callers at once, each starting a new call when the
last one ended. Prints requests per second, p99 and errors (goal: 0; an error is any answer
other than the TwiML of the expected next menu).

Run: BENCH_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/servers.py
(BENCH_SECONDS per load, default 10; BENCH_CALLERS, default 50; the database is emptied.)
"""

from __future__ import annotations

import http.client
import itertools
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from instances import Gunicorn
from webhook_setup import CALLER, bench_app, fill, postgres_urls, server_env, signed

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CALLERS = int(os.environ.get("BENCH_CALLERS", "50"))
PRESSES = 8  # key presses per call after the greeting and the offer
PAUSE_MS = 200  # callers here press far faster than people: load, not realism
# (path, Digits, what the answer must contain: the next menu's action)
GREETING = ("/voice/incoming", None, 'action="/voice/menu/')
OFFER = ("/voice/menu/offer", "2", 'action="/voice/menu/main"')
TO_EVENTS = ("/voice/menu/main", "1", 'action="/voice/menu/events"')
BACK = ("/voice/menu/events", "*", 'action="/voice/menu/main"')


class Load:
    """Callers calling through `ports` in turn; latencies and errors of every webhook."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.latencies: list[float] = []
        self.errors = 0
        self.calls = itertools.count()
        self.lock = threading.Lock()

    def run(self) -> dict[str, float]:
        stop = time.monotonic() + SECONDS
        threads = [threading.Thread(target=self._caller, args=(n, stop)) for n in range(CALLERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ordered = sorted(self.latencies)
        p99 = ordered[int(len(ordered) * 0.99)] * 1000 if ordered else 0.0
        return {"rate": len(ordered) / SECONDS, "p99": p99, "errors": self.errors}

    def _caller(self, seed: int, stop: float) -> None:
        chooser = random.Random(seed)
        while time.monotonic() < stop:
            sid = f"CA{next(self.calls):032d}"
            steps = [GREETING, OFFER, *([TO_EVENTS, BACK] * (PRESSES // 2))]
            for turn, step in enumerate(steps):
                if time.monotonic() > stop:
                    return
                time.sleep(chooser.uniform(0, 2 * PAUSE_MS / 1000))
                port = self.ports[(seed + turn) % len(self.ports)]  # the round-robin
                if not self._webhook(port, sid, *step):
                    break  # a broken call: the next one

    def _webhook(self, port: int, sid: str, path: str, digits: str | None, expect: str) -> bool:
        form = {"CallSid": sid, "From": CALLER, "To": "+497319876543"}
        if digits is None:
            form["CallStatus"] = "ringing"
        else:
            form["Digits"] = digits
        headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(path, form)}
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", path, urlencode(form), headers)
            response = connection.getresponse()
            ok = response.status == 200 and expect in response.read().decode()
            connection.close()
        except OSError:
            ok = False
        with self.lock:
            self.latencies.append(time.perf_counter() - started)
            self.errors += not ok
        return ok


def _instance(url: str, folder: Path, name: str) -> Gunicorn:
    env = server_env(url, str(folder / name / "audio"))
    return Gunicorn("app:app", env, ROOT, folder / f"{name}.log")


def _print(label: str, result: dict[str, float]) -> None:
    print(
        f"{label:<34}{result['rate']:>8.0f} req/s   p99 {result['p99']:>7.1f} ms   "
        f"errors {result['errors']:.0f}"
    )


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        print("Set BENCH_DATABASE_URL to a PostgreSQL database (it is emptied).")
        return
    _small, large = postgres_urls(url)
    fill(bench_app(large), 1_000, 10_000)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        servers = [_instance(large, folder, "a"), _instance(large, folder, "b")]
        try:
            ports = [server.port for server in servers]
            Load(ports).run()  # each worker's first statements and caches
            print(
                f"{CALLERS} callers at once, {PRESSES} key presses a call after the greeting, "
                f"a pause of 0 to {2 * PAUSE_MS} ms before each; {SECONDS} s each; "
                "gunicorn with 2 sync workers per instance, one PostgreSQL"
            )
            _print("one instance", Load(ports[:1]).run())
            _print("two instances, round-robin", Load(ports).run())
        finally:
            for server in servers:
                server.close()


if __name__ == "__main__":
    main()
