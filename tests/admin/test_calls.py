"""Anrufe: the call log and the charts, from calls made through the simulator."""

from __future__ import annotations

from datetime import timedelta

from voice.models import Role


def test_calls_show_in_the_log_and_the_charts(client, login, phone, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    phone.call()
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
