"""`flask --app app call`: a whole call from the terminal, scripted with --keys."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from voice.models import Registration, RegistrationStatus


def test_scripted_call_registers_and_prints_the_transcript(app, session, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    result = app.test_cli_runner().invoke(
        args=["call", "--from", "+497311112222", "--keys", "1 1 rec 1"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Anruf von +497311112222" in out
    assert "« Guten Tag! Hier ist das Quartierstelefon" in out
    assert "● Aufnahme läuft" in out
    assert "« Sie sind angemeldet für ErzählCafé, morgen, " in out
    assert "Aufgelegt (completed)." in out
    [registration] = session.scalars(select(Registration)).all()
    assert registration.status is RegistrationStatus.BOOKED
    assert registration.wants_reminder is True


def test_silence_and_a_meeting_in_the_terminal(app, make_event):
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5))
    result = app.test_cli_runner().invoke(args=["call", "--keys", ". 3 1 end 4 q"])
    assert result.exit_code == 0, result.output
    assert "« Ich habe keine Taste gehört." in result.output
    assert "→ verbunden mit quartier-event-" in result.output
    assert "← Verbindung beendet (completed)" in result.output
    # the meeting is still on: the caller is in its menu, and 4 leaves
    assert "« Menü für Spieleabend." in result.output
    assert "« Sie haben die Veranstaltung verlassen." in result.output


def test_scripted_call_by_voice(app, session, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    # "nein" unclear: asked back; "Nein" again is not a yes, so the question comes again.
    keys = 'say:Veranstaltungen say:"ich möchte mich anmelden" rec say:nein@0.2 say:Nein 2'
    result = app.test_cli_runner().invoke(args=["call", "--keys", keys])
    assert result.exit_code == 0, result.output
    assert "> say:ich möchte mich anmelden" in result.output
    assert "« Meinten Sie: nein? Dann sagen Sie ja oder drücken Sie die 1." in result.output
    assert result.output.count("« Sollen wir Sie kurz vorher anrufen und erinnern?") == 2
    assert "« Sie sind angemeldet für ErzählCafé, morgen, " in result.output
    [registration] = session.scalars(select(Registration)).all()
    assert registration.status is RegistrationStatus.BOOKED
    assert registration.wants_reminder is False
