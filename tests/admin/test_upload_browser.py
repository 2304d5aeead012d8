"""In Debian's Chromium: a file over UPLOAD_MAX_MB is named on the page, with JavaScript
before it is sent, without JavaScript by the server's page."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.accounts import PASSWORD, staff_account
from tests.browser import chromium_page
from voice import schema
from voice.models import Announcement

TOO_LARGE = b"\0" * (2 * 1024 * 1024)  # UPLOAD_MAX_MB is 1 here


@pytest.fixture
def small_limit_server(own_app, tmp_path):
    app = own_app(f"sqlite:///{tmp_path}/upload.db", UPLOAD_MAX_MB=1)
    with app.app_context():
        schema.upgrade(app.extensions["db"].kw["bind"])
    staff_account(app, "anna@quartier.example.org", "Anna")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_file_over_the_limit_is_named_on_the_page(small_limit_server, javascript):
    from playwright.sync_api import expect

    app, base = small_limit_server
    with chromium_page(javascript=javascript) as page:
        page.goto(f"{base}/admin/login")
        page.fill("#email", "anna@quartier.example.org")
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Einloggen')")
        page.goto(f"{base}/admin/news/new")
        page.fill("#title", "Zu groß")
        page.set_input_files(
            "#audio", files=[{"name": "a.wav", "mimeType": "audio/wav", "buffer": TOO_LARGE}]
        )
        page.click("button:has-text('Speichern')")
        if javascript:  # not sent: the form keeps what was typed
            expect(page.locator("[role=alert]")).to_contain_text(
                "Die Datei ist größer als 1 MB und wurde nicht gesendet."
            )
            expect(page.locator("#title")).to_have_value("Zu groß")
        else:  # the server's page, not the browser's error
            expect(page.locator("h1")).to_have_text("Datei zu groß")
            expect(page.locator("main")).to_contain_text(
                "größer als 1 MB und wurde nicht gespeichert"
            )
    with app.extensions["db"]() as session:
        assert session.query(Announcement).count() == 0
