"""The browser phone: its API from this machine only, and the page in a real Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser import chromium_page
from voice.models import Centre

API = {"X-Softphone": "1"}


def test_the_page_and_the_api_answer_only_this_machine(client):
    assert client.get("/simulator/").status_code == 200
    away = client.get("/simulator/", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert away.status_code == 403
    proxied = client.get("/simulator/", headers={"X-Forwarded-For": "192.0.2.7"})
    assert proxied.status_code == 403
    assert client.post("/simulator/api/calls", json={}).status_code == 403  # no page header


def test_a_call_through_the_api(client, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    state = client.post("/simulator/api/calls", json={"from": "+497311230000"}, headers=API).json
    # the greeting offers the event: a short wait, then the main menu
    assert state["state"] == "gather" and state["timeout"] == 5
    language, greeting = state["events"][:2]  # the call's language is shown first
    assert (language["kind"], language["text"], state["language"]) == (
        "language",
        "de",
        "Deutsch (de)",
    )
    assert greeting["text"].startswith("Guten Tag!")
    assert any(e["text"].startswith("ErzählCafé ist morgen um ") for e in state["events"])
    sid = state["sid"]
    state = client.post(f"/simulator/api/calls/{sid}/press", json={"digits": "1"}, headers=API).json
    assert state["state"] == "record"  # booking it: the name first
    state = client.post(f"/simulator/api/calls/{sid}/record", headers=API).json
    assert state["events"][0]["text"].startswith("Sollen wir Sie")
    state = client.post(f"/simulator/api/calls/{sid}/hangup", headers=API).json
    assert state["state"] == "ended"
    assert client.post("/simulator/api/calls/CA123/press", json={}, headers=API).status_code == 404


def test_words_said_through_the_api(client, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    sid = client.post("/simulator/api/calls", json={}, headers=API).json["sid"]
    said = {"words": "Veranstaltungen", "confidence": "0.9"}
    state = client.post(f"/simulator/api/calls/{sid}/say", json=said, headers=API).json
    assert any("ErzählCafé" in e["text"] for e in state["events"])
    unclear = {"words": "anmelden", "confidence": 0.2}
    state = client.post(f"/simulator/api/calls/{sid}/say", json=unclear, headers=API).json
    assert state["events"][0]["text"] == (
        "Meinten Sie: anmelden? Dann sagen Sie ja oder drücken Sie die 1."
    )


@pytest.mark.parametrize("app_config", [{"TWILIO_AUTH_TOKEN": "a-real-token"}])
def test_with_twilio_there_is_no_simulator(client):
    assert client.get("/simulator/").status_code == 404


def test_dial_press_1_and_1_and_see_the_confirmation(live_server, tmp_path):
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(f"{live_server}/")
        page.click("text=Telefon zum Ausprobieren")  # one click from the start page
        expect(page).to_have_url(f"{live_server}/simulator/")
        page.fill("#from", "+49 731 5550000")
        page.click("#dial")
        transcript = page.locator("#transcript")
        expect(transcript).to_contain_text("Guten Tag!")
        expect(transcript).to_contain_text("Für alle anderen Angebote drücken Sie die 2.")
        page.fill("#words", "Veranstaltungen")  # spoken (not the offered event: the list)
        page.click("#say")
        expect(transcript).to_contain_text("Gesagt: Veranstaltungen")
        # the list itself, not the greeting's "Gerade läuft: Spieleabend": the next key is
        # for the list
        expect(transcript).to_contain_text("Veranstaltung 1 von 3.")
        page.click(".key[data-key='1']")
        expect(page.locator("#record")).to_be_visible()
        page.click("#tone")
        expect(transcript).to_contain_text("Sollen wir Sie kurz vorher anrufen")
        page.click(".key[data-key='1']")
        expect(transcript).to_contain_text("Sie sind angemeldet für Spieleabend")
        expect(transcript).to_contain_text("Wir rufen Sie vorher an.")
        page.click("#hangup")
        expect(page.locator("#status")).to_have_text("Aufgelegt.")
        page.screenshot(path=str(tmp_path / "softphone.png"))


def test_simulated_recordings_are_for_this_machine_and_staff(client, app):
    from pathlib import Path

    sid = "RE" + "b" * 32
    (Path(app.config["SIMULATOR_DIR"]) / f"{sid}.wav").write_bytes(b"RIFF....WAVE")
    local = client.get(f"/simulator/recordings/{sid}.wav")
    local.close()
    assert local.status_code == 200
    away = client.get(f"/simulator/recordings/{sid}.wav", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert away.status_code == 403


def test_the_browser_phone_says_where_it_connects_in_german(live_server):
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(f"{live_server}/simulator/")
        page.click("#dial")
        transcript = page.locator("#transcript")
        expect(transcript).to_contain_text("Für alle anderen Angebote drücken Sie die 2.")
        page.click(".key[data-key='3']")  # join now: the demo's Spieleabend is running
        # the join menu itself, not the greeting's "Gerade läuft: Spieleabend"
        expect(transcript).to_contain_text("Um eine andere Veranstaltungsnummer einzugeben")
        page.click(".key[data-key='1']")
        expect(transcript).to_contain_text("Verbinde mit der Telefonkonferenz der Veranstaltung …")
        text = transcript.inner_text()
    assert "quartier-event" not in text


def test_call_as_a_resident_to_hear_their_language(client, make_resident):
    person = make_resident(phone="+497310004567", name="Ayşe Demir", language="tr")
    make_resident(phone="+497310009876", name=None, language="en")
    page = client.get("/simulator/").get_data(as_text=True)
    assert "Anrufen als" in page
    assert f'<option value="{person.id}">Ayşe Demir (…567), Türkçe</option>' in page
    assert "Ohne Namen (…876), English" in page and "+497310004567" not in page
    state = client.post(
        "/simulator/api/calls", json={"from": "+497311230000", "resident": person.id}, headers=API
    ).json
    # called from her number: known, and greeted in her language
    assert any("İyi günler, Ayşe Demir!" in event["text"] for event in state["events"])
    missing = client.post("/simulator/api/calls", json={"resident": 9999}, headers=API)
    assert missing.status_code == 404


def test_the_browser_phone_calls_as_the_chosen_resident(live_app, live_server):
    from playwright.sync_api import expect

    from voice.models import Resident

    with live_app.app_context(), live_app.extensions["db"].begin() as session:
        session.add(Resident(phone="+497310004567", name="Hans Bauer", language="en"))
    with chromium_page() as page:
        page.goto(f"{live_server}/simulator/")
        page.select_option("#as", label="Hans Bauer (…567), English")
        expect(page.locator("#from")).to_be_disabled()
        page.click("#dial")
        expect(page.locator("#transcript")).to_contain_text("Hans Bauer")


def test_the_browser_phone_dials_each_centres_number(client, session):
    session.add(Centre(slug="weststadt", name="Weststadt", numbers="+4973100000001"))
    session.commit()
    page = client.get("/simulator/").get_data(as_text=True)
    assert '<select id="to"' in page
    assert '<option value="+4973100000001">Weststadt (+4973100000001)</option>' in page
    assert '<option value="+4973100000000">Alter Eselsberg (+4973100000000)</option>' in page

    def greeting(to: str) -> str:
        state = client.post("/simulator/api/calls", json={"to": to}, headers=API).json
        return next(e["text"] for e in state["events"] if e["text"].startswith("Guten Tag"))

    assert greeting("+4973100000001").endswith("Quartierszentrale Weststadt.")
    assert greeting("").endswith("Quartierszentrale Alter Eselsberg.")
    assert greeting("+490000").endswith("Alter Eselsberg.")  # not a centre's: the simulator's


def test_the_browser_phone_calls_the_demos_second_centre(live_server):
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(f"{live_server}/simulator/")
        page.select_option("#to", "+4973100000001")
        page.click("#dial")
        transcript = page.locator("#transcript")
        expect(transcript).to_contain_text("Quartierszentrale Weststadt.")
        expect(transcript).to_contain_text("Spaziergang an der Blau")
        page.click("#hangup")
        expect(page.locator("#status")).to_have_text("Aufgelegt.")
