"""What every answer shares: security headers, no inline script or style, a size limit on
requests that is checked before the body is read, and a friendly page when the database is
gone."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest

from tests.conftest import make_test_app

VOICE = Path(__file__).resolve().parent.parent / "voice"
PAGES = ["/", "/screen", "/admin/login", "/simulator/", "/health", "/admin/static/admin.css"]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_has_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # a static file is sent from an open file
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no other host
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: link": re.compile(r"javascript:", re.I),
}


def test_no_template_needs_inline_script_or_style():
    """The policy allows no inline code: each template loads its script and style as files."""
    found = [
        f"{path.relative_to(VOICE)}: {what}"
        for path in sorted(VOICE.rglob("templates/**/*.html"))
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


def test_the_policy_lets_the_pages_load_their_own_files(client):
    """Every script and stylesheet a page names is served by us (the policy allows no other)."""
    for page in ("/", "/screen", "/admin/login", "/simulator/"):
        html = client.get(page).get_data(as_text=True)
        for url in re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', html):
            with client.get(url) as response:
                assert response.status_code == 200, (page, url)


class CountingBody:
    """A request body that would be 200 MB; counts what the app reads of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = 65536 if size is None or size < 0 else min(size, 65536)
        self.read_bytes += size
        return b"a" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.mark.parametrize("path", ["/voice/incoming", "/voice/status", "/admin/login", "/"])
def test_a_huge_request_is_refused_before_its_body_is_read(client, path):
    body = CountingBody()
    started = time.monotonic()
    response = client.post(
        path,
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(200 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert body.read_bytes == 0
    assert time.monotonic() - started < 2


def test_a_real_server_answers_413_without_waiting_for_the_body(live_server):
    """Only the headers and 1 KB of a declared 200 MB are sent: the answer comes at once."""
    host, port = live_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(
            b"POST /voice/incoming HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 209715200\r\n\r\n" + b"CallSid=CA" + b"0" * 1024
        )
        started = time.monotonic()
        answer = conn.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert time.monotonic() - started < 3


def test_a_webhook_of_ordinary_size_still_works(phone):
    assert "Für unsere Veranstaltungen drücken Sie die 1." in phone.call().text()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("path", ["/screen", "/admin/login", "/admin/events"])
def test_pages_say_in_german_when_the_database_is_gone(tmp_path, kind, path):
    url = (
        f"sqlite:///{tmp_path}/no-such-folder/quartier.db"
        if kind == "sqlite"
        else f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/qb"
    )
    app = make_test_app(url)
    try:
        client = app.test_client()
        response = client.get(path, follow_redirects=True)
    finally:
        app.extensions["db"].kw["bind"].dispose()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert "Die Datenbank antwortet nicht." in page
    assert "postgres@" not in page and "no-such-folder" not in page
