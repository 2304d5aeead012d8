"""Anrufe: the call log and the charts, from calls made through the simulator."""

from __future__ import annotations

import html
from datetime import timedelta

from voice.calls.engine import MENUS
from voice.models import Call, Role, utcnow


def test_calls_show_in_the_log_and_the_charts(client, login, phone, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    phone.call()
    phone.to_main()
    phone.press("1")
    phone.press("*")
    phone.press("4")
    phone.hang_up()
    login()
    page = client.get("/admin/calls").get_data(as_text=True)
    assert "+49 731 ***4567" in page
    assert "Hauptmenü → Veranstaltungen → Neuigkeiten" in page
    assert "Anrufe pro Tag" in page and "<svg" in page
    assert 'aria-label="Wo Anrufende auflegen"' in page


def test_volunteers_do_not_see_the_call_log(client, login):
    login(Role.VOLUNTEER)
    assert client.get("/admin/calls").status_code == 403


def test_the_log_names_menus_by_the_labels_the_menus_carry(client, login, session):
    """One source: the menu table in calls/ says what staff call each menu."""
    labelled = {name: menu.label for name, menu in MENUS.items() if menu.label}
    assert set(labelled) == {
        *("main", "events", "waitlist_offer", "reminder", "mine", "mine_cancel", "join"),
        *("join_code", "join_failed", "news", "message", "message_review", "person"),
        *("offer", "message_discard", "language"),
        "speech_confirm",  # "Meinten Sie …?" after unsure speech: staff see where it was asked
    }  # the resident's menus; the staff line's and the reminder call's stay out of the log
    path = ["main", "staff_pin", "events", "main", "join_code", "person"]
    session.add(
        Call(
            call_sid="CA-log",
            from_number="+497311234567",
            choices={"path": path},
            step="person",
            ended_at=utcnow(),
        )
    )
    session.commit()
    login()
    page = html.unescape(client.get("/admin/calls").get_data(as_text=True))
    assert "Hauptmenü → Veranstaltungen → Nummer eingeben → Mensch</td>" in page
    assert "<td>Mensch</td>" in page  # where the caller hung up
    assert "staff_pin" not in page
