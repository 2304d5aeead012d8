"""Webhooks under load (issue 16): gunicorn with 2 sync workers, driven by wrk.

Prints, side by side in one run: a sample-style menu webhook (read `Digits`, answer with
`VoiceResponse`; no signature, no database: what the public Twilio samples do) and ours, on
SQLite and, when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a PostgreSQL database (it
is emptied), on PostgreSQL; each with 10,000 upcoming events and 100,000 registrations.

Three loads each: 1,000 calls at full speed through wrk's 100 connections (each call sends
its next key press only after the last was answered: `1` in the main menu, then `*` in the
events, over and over), which gives the throughput; 1,000 calls paced, from 100 callers who
each wait 0 to 2 x PAUSE_MS at random before each press, on a new connection as Twilio
sends them, which gives the p99 a caller feels (at full speed 100 waiting connections make
any server's latency 100 / throughput); and one call hammered by all 100 wrk connections at
once (the worst case: every request waits for the same call's row). Goals: throughput at
least half the sample's, p99 at most 25 ms paced, no errors. After the first load it prints
each worker's resident memory. Every load prints the workers' CPU time per request too.

Then the floor (FLOOR), on the same database and calls: the sample with what every webhook
of ours must do besides, the signature checked and the call's row read and written. Its
throughput is the most any design of ours could reach here.

Needs wrk (Debian: apt-get install wrk). Run: .venv/bin/python bench/load.py
(BENCH_SECONDS: seconds per load, default 10; BENCH_SQLITE=no: PostgreSQL only.)
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from instances import FLOOR, SAMPLE, Gunicorn
from webhook_setup import (
    BASE_URL,
    CALLER,
    SIZES,
    TOKEN,
    Caller,
    bench_app,
    fill,
    postgres_urls,
    server_env,
)

ROOT = Path(__file__).resolve().parent.parent
CALLS = 1_000
CONNECTIONS = 100
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
THROUGHPUT_GOAL = 0.5  # of the sample's
P99_GOAL_MS = 25.0
# The paced load for p99: 100 calls each pressing a key every two seconds (50 a second), far
# more often than callers who listen to the prompts (one key every 10 to 20 seconds).
PAUSE_MS = 2000
# Each wrk thread walks its own share of the calls, so that a call never has two requests
# on the way; `bodies` holds, per call, the two signed key presses it alternates between.
SCRIPT = """
local requests = {%s}
local threads, counter = 0, 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  counter = offset
end
function request()
  local r = requests[(counter %% #requests) + 1]
  counter = counter + %d
  return wrk.format("POST", r[1], r[2], r[3])
end
"""
THREADS = 2


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _requests(sids: list[str]) -> list[tuple[str, dict[str, str], str]]:
    """Per call two key presses (main `1`, events `*`), in an order that sends a call's
    next press only after all other calls had one."""
    validator = RequestValidator(TOKEN)
    presses = []
    for path, digits in (("/voice/menu/main", "1"), ("/voice/menu/events", "*")):
        for sid in sids:
            form = {"CallSid": sid, "From": CALLER, "To": "+497319876543"}
            form["Digits"] = digits
            signature = validator.compute_signature(BASE_URL + path, form)
            body = urlencode(form)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": signature,
            }
            presses.append((path, headers, body))
    return presses


def _script(presses: list[tuple[str, dict[str, str], str]], folder: Path) -> Path:
    rows = []
    for path, headers, body in presses:
        pairs = ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())
        rows.append(f"{{{_lua(path)}, {{{pairs}}}, {_lua(body)}}}")
    script = folder / "presses.lua"
    script.write_text(SCRIPT % (",\n".join(rows), THREADS))
    return script


def _wrk(server: Gunicorn, script: Path) -> dict[str, float]:
    """wrk's figures: each connection sends its next request as soon as it has an answer;
    and the workers' CPU time per request (what the machine's noise does not change)."""
    cpu = server.cpu_seconds()
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--latency",
            "-s",
            str(script),
            server.url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = server.cpu_seconds() - cpu
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(bad.group(1)) if bad else 0
    failed += sum(int(n) for n in errors.groups()) if errors else 0
    return {"rate": rate, "p99": p99, "errors": failed, "cpu_ms": cpu / max(count, 1) * 1000}


def _paced(url: str, presses: list[tuple[str, dict[str, str], str]]) -> dict[str, float]:
    """Callers who listen before they press: CONNECTIONS of them, each with its share of the
    calls, each call pressing in turn, every press after a random wait of 0 to 2 PAUSE_MS on
    a new connection (as Twilio sends each webhook). wrk cannot do this: its pause keeps the
    connection open, which holds a sync worker waiting for the request."""
    port = int(url.rsplit(":", 1)[1])
    stop = time.monotonic() + SECONDS
    latencies: list[float] = []
    failed = [0]
    count = len(presses) // 2  # the first half presses `1`, the second `*`, call by call

    def caller(first: int) -> None:
        mine = list(range(first, count, CONNECTIONS))
        order = [presses[n] for n in mine] + [presses[count + n] for n in mine]
        chooser = random.Random(first)
        while True:
            for path, headers, body in order:
                time.sleep(chooser.uniform(0, 2 * PAUSE_MS / 1000))
                if time.monotonic() > stop:
                    return
                started = time.perf_counter()
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("POST", path, body, headers)
                    ok = connection.getresponse().status == 200
                    connection.close()
                except OSError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                failed[0] += not ok

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0
    return {"rate": len(latencies) / SECONDS, "p99": p99, "errors": failed[0]}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _print(label: str, result: dict[str, float], sample: float | None = None) -> None:
    share = f" = {result['rate'] / sample:.2f}x sample" if sample else ""
    cpu = f"   worker CPU {result['cpu_ms']:.2f} ms/req" if "cpu_ms" in result else ""
    print(
        f"{label:<44}{result['rate']:>8.0f} req/s{share:<16}"
        f"p99 {result['p99']:>6.1f} ms   errors {result['errors']:.0f}{cpu}"
    )


def _prepared(url: str, count: int) -> list[str]:
    """The database filled as for the in-process benchmark, and `count` calls in the main
    menu."""
    app = bench_app(url)
    fill(app, *SIZES[1])
    caller = Caller(app)
    sids = []
    for _ in range(count):
        caller.greet()
        caller.to_main()
        sids.append(f"CA{caller.calls:032d}")
    app.extensions["db"].kw["bind"].dispose()
    return sids


def _ours(url: str, label: str, folder: Path, sample: float) -> None:
    # Each load its own calls, all in the main menu when it starts.
    sids = _prepared(url, 3 * CALLS + 1)
    warm = _script(_requests(sids[:CALLS]), folder / "warm")
    many = _script(_requests(sids[CALLS : 2 * CALLS]), folder)
    paced_calls = _requests(sids[2 * CALLS : 3 * CALLS])
    one = _script(_requests(sids[-1:]), folder / "one")
    env = server_env(url, str(folder / "audio"))
    server = Gunicorn("app:app", env, ROOT, folder / "gunicorn.log")
    try:
        _wrk(server, warm)  # each worker's first statements and caches
        refused = server.refused()
        mine = _wrk(server, many)
        _print(f"{label}, {CALLS} calls", mine, sample)
        time.sleep(3)  # wrk leaves requests queued when it stops: let the workers finish them
        refused, before = server.refused(), refused
        paced = _paced(server.url, paced_calls)
        _print(f"{label}, {CALLS} calls, paced", paced)
        print(
            f"  ({CONNECTIONS} callers, each pressing after 0 to {2 * PAUSE_MS / 1000:.0f} s:"
            f" about {CONNECTIONS * 1000 // PAUSE_MS} key presses a second)"
        )
        print(
            f"  key presses out of step: {server.refused() - refused} paced,"
            f" {refused - before} under wrk (each call presses in turn)"
        )
        rss = ", ".join(f"{size:.0f}" for size in server.worker_rss_mb())
        print(f"  worker RSS after the load: {rss} MB (goal: <= 60 MB)")
        time.sleep(3)
        _print(f"{label}, one call hammered", _wrk(server, one), sample)
    finally:
        server.close()
    (folder / "floor.py").write_text(FLOOR)
    floor = Gunicorn("floor:app", {**env, "PYTHONPATH": str(ROOT)}, folder, folder / "floor.log")
    try:
        _wrk(floor, warm)
        result = _wrk(floor, many)
    finally:
        floor.close()
    _print(f"  floor: signature, the call's row read and written, {CALLS} calls", result, sample)
    print(f"  ours / floor: {mine['rate'] / result['rate']:.2f}x the throughput")


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install --no-install-recommends wrk)")
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "one").mkdir()
        (folder / "warm").mkdir()
        (folder / "sample.py").write_text(SAMPLE)
        presses = _script(_requests([f"CA{n:032d}" for n in range(CALLS)]), folder)
        sample_server = Gunicorn("sample:app", {}, folder, folder / "sample.log")
        try:
            _wrk(sample_server, presses)
            sample = _wrk(sample_server, presses)
        finally:
            sample_server.close()
        print(f"gunicorn, 2 sync workers; wrk {THREADS} threads, {CONNECTIONS} connections")
        _print("sample-style menu webhook (no signature, no db)", sample)
        print(
            f"goals: >= {THROUGHPUT_GOAL}x the sample's throughput; "
            f"p99 <= {P99_GOAL_MS:.0f} ms with many calls, paced; 0 errors"
        )
        if os.environ.get("BENCH_SQLITE", "yes") != "no":
            _ours(f"sqlite:///{folder}/load.db", "ours, SQLite", folder, sample["rate"])
        url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
        if url:
            _small, large = postgres_urls(url)
            _ours(large, "ours, PostgreSQL", folder, sample["rate"])


if __name__ == "__main__":
    main()
