"""„So klingt es“ on the announcement form: a typed text heard before it is saved, built by
the speech worker (never in the request), and a labelled player on the edit form."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.accounts import csrf_token, log_in_browser, staff_account
from tests.admin.test_previews import _build_lines
from tests.browser import chromium_page
from voice.models import Announcement
from voice.speech.voice import Line

TEXT = "Am Freitag backen wir Plätzchen."


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


@pytest.fixture
def live_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


def _preview(client, text: str):
    token = csrf_token(client, "/admin/news/new")
    return client.post(
        "/admin/news/new",
        data={
            "csrf_token": token,
            "title": "Advent",
            "text": text,
            "preview": "1",
            "valid_from": "24.12.2026",
        },
    )


def test_a_typed_text_is_heard_before_it_is_saved(app, client, login, session, no_voice_here):
    login()
    answer = _preview(client, TEXT)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert session.scalar(select(func.count()).select_from(Announcement)) == 0  # not saved
    assert TEXT in page and 'value="Advent"' in page and 'value="24.12.2026"' in page
    url = re.search(r'data-audio="(/admin/news/typed/[0-9a-f]+\.wav)"', page).group(1)
    assert 'data-label="So klingt es: Advent"' in page
    waiting = client.get(url)
    assert (waiting.status_code, waiting.get_data(as_text=True)) == (202, "Wird erstellt …")
    no_voice_here.undo()
    _build_lines(app, [Line("news.item", {"text": TEXT})])
    ready = client.get(url)
    assert ready.status_code == 200 and ready.mimetype == "audio/wav"


def test_the_worker_is_asked_to_build_the_typed_text(app, client, login):
    login()
    _preview(client, f"  {TEXT}  ")
    with app.app_context():
        assert app.extensions["audio_store"].rebuild_pending(TEXT)


def test_without_a_text_the_field_says_what_to_do(client, login):
    login()
    page = _preview(client, "   ").get_data(as_text=True)
    assert "Bitte zuerst einen Text eingeben" in page
    assert "data-audio=" not in page


def test_an_unknown_preview_says_so(client, login):
    login()
    answer = client.get("/admin/news/typed/" + "0" * 32 + ".wav")
    assert answer.status_code == 404
    assert "Bitte noch einmal auf „So klingt es“ klicken." in answer.get_data(as_text=True)


def test_the_edit_form_has_a_player_for_the_saved_text(client, login, make_announcement):
    news = make_announcement(title="Advent", text=TEXT)
    login()
    page = client.get(f"/admin/news/{news.id}").get_data(as_text=True)
    assert f'data-audio="/admin/news/{news.id}/preview.wav"' in page
    assert 'data-label="So klingt es (gespeicherter Text): Advent"' in page


def test_in_the_browser_the_typed_text_plays_without_leaving_the_form(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, "team@quartier.example.org")
    with live_app.extensions["db"]() as session:
        before = session.scalar(select(func.count()).select_from(Announcement))
    with chromium_page() as page:
        log_in_browser(page, live_server, "team@quartier.example.org")
        page.goto(f"{live_server}/admin/news/new")
        page.fill("#title", "Advent")
        page.fill("#text", TEXT)
        page.click("button:has-text('So klingt es')")
        holder = page.locator("#typed-preview")
        expect(holder).to_contain_text("Wird erstellt …")
        _build_lines(live_app, [Line("news.item", {"text": TEXT})])
        player = holder.locator("audio")
        expect(player).to_have_count(1, timeout=15000)
        expect(player).to_have_attribute("aria-label", "So klingt es: Advent")
        expect(page.locator("#title")).to_have_value("Advent")  # the same page, as typed
        expect(page).to_have_url(f"{live_server}/admin/news/new")
    with live_app.extensions["db"]() as session:
        assert session.scalar(select(func.count()).select_from(Announcement)) == before


def test_in_the_browser_the_enter_key_still_saves(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, "team@quartier.example.org")
    with chromium_page() as page:
        log_in_browser(page, live_server, "team@quartier.example.org")
        page.goto(f"{live_server}/admin/news/new")
        page.fill("#text", TEXT)
        page.fill("#title", "Advent")
        page.press("#title", "Enter")
        expect(page.locator(".flash").first).to_contain_text("„Advent“ ist gespeichert.")
