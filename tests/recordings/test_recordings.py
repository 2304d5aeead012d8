"""Residents' recordings reach our storage once, through failures and restarts, and leave it
when their time is up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from voice.models import Message, Recording, RecordingSource, RecordingState, Resident, utcnow
from voice.recordings import retention
from voice.recordings.cli import make_fetcher
from voice.recordings.jobs import CLAIM_TIMEOUT
from voice.registrations import booking

# The defaults of RETAIN_MESSAGES_DAYS, RETAIN_NAMES_DAYS and RETAIN_ANNOUNCEMENTS_DAYS.
PERIODS = retention.Periods(
    messages=timedelta(days=90), names=timedelta(days=365), announcements=timedelta(days=30)
)


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now


class Flaky:
    """The recording source: fails `failures` times, then answers (like Twilio on a bad day)."""

    def __init__(self, telephony, failures: int, die: bool = False) -> None:
        self.telephony, self.failures, self.die, self.fetches, self.deleted = (
            telephony,
            failures,
            die,
            0,
            [],
        )

    def fetch_recording(self, url):
        self.fetches += 1
        if self.die:
            raise KeyboardInterrupt  # the worker process is killed mid-fetch
        if self.fetches <= self.failures:
            raise ConnectionError("Twilio answered 503")
        return self.telephony.fetch_recording(url)

    def delete_recording(self, sid):
        self.deleted.append(sid)
        self.telephony.delete_recording(sid)


def _leave_message(phone):
    phone.call()
    phone.press("5")
    phone.record(seconds=2)
    phone.press("1")
    return phone.recording[0]


def _recording(session) -> Recording:
    session.expire_all()
    return session.scalar(select(Recording))


def test_a_message_arrives_once_after_two_failures_and_a_restart(app, session, phone):
    sid = _leave_message(phone)
    job = _recording(session)
    assert (job.sid, job.state, job.purpose) == (sid, RecordingState.PENDING, "message")
    clock = Clock()
    source = Flaky(app.extensions["telephony"], failures=2)
    fetcher = make_fetcher(app, now=clock)
    fetcher.telephony = source
    assert fetcher.run_once() == 0
    assert _recording(session).last_error == "ConnectionError: Twilio answered 503"
    assert fetcher.run_once() == 0  # not due yet: the next try waits a minute
    clock.now += timedelta(minutes=2)
    assert fetcher.run_once() == 0
    restarted = make_fetcher(app, now=clock)  # a new process: nothing lost in between
    restarted.telephony = source
    clock.now += timedelta(minutes=6)
    assert restarted.run_once() == 1
    job = _recording(session)
    assert job.state is RecordingState.READY and job.attempts == 2
    [message] = session.scalars(select(Message)).all()
    assert message.recording_id == job.id and message.recording.audio_name == job.audio_name
    assert app.extensions["audio_store"].path(job.audio_name).is_file()
    assert source.deleted == [sid]  # Twilio's copy goes once ours is safe
    assert restarted.run_once() == 0  # and it arrives only once
    assert session.scalar(select(func.count()).select_from(Recording)) == 1


def test_a_worker_killed_mid_fetch_lets_go_after_a_while(app, session, phone):
    _leave_message(phone)
    clock = Clock()
    dying = make_fetcher(app, now=clock)
    dying.telephony = Flaky(app.extensions["telephony"], failures=0, die=True)
    with pytest.raises(KeyboardInterrupt):
        dying.run_once()
    other = make_fetcher(app, now=clock)
    assert other.run_once() == 0  # still claimed by the dead worker
    clock.now += CLAIM_TIMEOUT + timedelta(seconds=1)
    assert other.run_once() == 1


def test_giving_up_after_the_last_try_is_shown_to_staff(app, session, phone, client, login):
    _leave_message(phone)
    clock = Clock()
    fetcher = make_fetcher(app, now=clock)
    fetcher.telephony = Flaky(app.extensions["telephony"], failures=99)
    for _ in range(6):
        fetcher.run_once()
        clock.now += timedelta(hours=3)
    job = _recording(session)
    assert job.state is RecordingState.FAILED and job.attempts == 5
    login()
    page = client.get("/admin/messages").get_data(as_text=True)
    assert "Die Aufnahme konnte nicht abgeholt werden: ConnectionError: Twilio answered 503" in page


def test_a_stopped_worker_ends_its_round_between_two_recordings(app, session, phone):
    _leave_message(phone)
    _leave_message(phone)
    asked = iter([False, True])  # the worker is asked to stop during the first fetch
    assert make_fetcher(app).run_once(lambda: next(asked)) == 1
    states = sorted(r.state.value for r in session.scalars(select(Recording)))
    assert states == ["pending", "ready"]


def test_a_message_kept_after_its_audio_arrived_is_linked(app, session, phone):
    phone.call()
    phone.press("5")
    phone.record(seconds=2)  # the recording is complete and queued; not kept yet
    make_fetcher(app).run_once()
    phone.press("1")
    [message] = session.scalars(select(Message)).all()
    job = _recording(session)  # still one row: the message took the fetched one
    assert message.recording_id == job.id and job.state is RecordingState.READY
    assert session.scalar(select(func.count()).select_from(Recording)) == 1


def test_retention_with_a_moved_clock(app, session, phone, make_event, make_announcement):
    store = app.extensions["audio_store"]
    sid = _leave_message(phone)
    make_fetcher(app).run_once()
    old_audio = _recording(session).audio_name
    # one resident with a booking ahead, one without; both gave their name long ago
    keeper = Resident(
        phone="+497310009001", name="Bleibt", name_recording=_old("RE-keep", "name", 400)
    )
    leaver = Resident(phone="+497310009002", name="Geht", name_recording=_old("RE-go", "name", 400))
    session.add_all([keeper, leaver])
    session.flush()
    ahead = make_event(starts_in=timedelta(days=200))  # still ahead on the moved clock
    booking.book(session, ahead.id, keeper, wants_reminder=False)
    expired = make_announcement(
        recording=_upload(store, b"expired", 50),
        valid_until=utcnow() - timedelta(days=40),
        age=timedelta(days=50),
    )
    expired_audio = expired.recording.audio_name
    current = make_announcement(recording=_upload(store, b"current", 50), age=timedelta(days=50))
    session.commit()
    today = retention.run(session, PERIODS, utcnow())
    assert today.messages == []  # the message is too young
    assert today.names == [leaver.id]  # a name from 400 days ago, no booking ahead
    assert today.announcements == [expired.id]  # ended 40 days ago, kept for 30
    assert today.files == [expired_audio]  # the names had no audio yet
    session.commit()
    retention.delete_files(store, today.files)
    removed = retention.run(session, PERIODS, utcnow() + timedelta(days=91))
    assert store.path(old_audio).is_file()  # nothing is deleted before the commit
    session.commit()
    retention.delete_files(store, removed.files)
    assert len(removed.messages) == 1 and not store.path(old_audio).exists()
    assert removed.names == []
    session.refresh(keeper)
    assert keeper.name_recording.sid == "RE-keep"  # a booking ahead: still in use
    assert removed.announcements == []
    session.refresh(current)
    assert current.recording is not None  # still valid
    assert (
        not store.path(expired_audio).exists()
        and store.path(current.recording.audio_name).is_file()
    )
    message = session.scalar(select(Message))
    assert message.recording is None
    gone = session.scalar(select(Recording).where(Recording.sid == sid))
    assert (gone.state, gone.audio_name) == (RecordingState.REMOVED, None)
    assert session.scalar(select(Recording).where(Recording.sid == "RE-go")).state is (
        RecordingState.REMOVED
    )


def _old(sid: str, purpose: str, days: int) -> Recording:
    """A phone recording made `days` ago, not fetched (yet)."""
    return Recording(
        sid=sid,
        source_url=f"https://twilio.example/{sid}",
        purpose=purpose,
        state=RecordingState.PENDING,
        created_at=utcnow() - timedelta(days=days),
    )


def _upload(store, content: bytes, days: int) -> Recording:
    """An uploaded recording stored `days` ago."""
    return Recording(
        source=RecordingSource.UPLOAD,
        purpose="announcement",
        state=RecordingState.READY,
        audio_name=store.save_recording(content),
        created_at=utcnow() - timedelta(days=days),
    )


def test_a_file_uploaded_twice_stays_while_one_copy_is_in_use(app, session, make_announcement):
    store = app.extensions["audio_store"]
    kept = make_announcement(recording=_upload(store, b"same sound", 5))
    session.add(_upload(store, b"same sound", 5))  # replaced by the upload above, same content
    session.commit()
    removed = retention.run(session, PERIODS, utcnow())
    session.commit()
    retention.delete_files(store, removed.files)
    assert len(removed.unkept) == 1 and removed.files == []
    assert store.path(kept.recording.audio_name).is_file()


def test_a_rolled_back_retention_keeps_the_file(app, session, phone):
    store = app.extensions["audio_store"]
    _leave_message(phone)
    make_fetcher(app).run_once()
    audio = _recording(session).audio_name
    removed = retention.run(session, PERIODS, utcnow() + timedelta(days=91))
    assert removed.files == [audio]
    session.rollback()  # e.g. the database went away before the commit
    assert store.path(audio).is_file()
    assert _recording(session).audio_name == audio
    assert session.scalar(select(Message)).recording.audio_name == audio


def test_the_retention_command_deletes_after_its_commit(app, session, phone):
    store = app.extensions["audio_store"]
    _leave_message(phone)
    make_fetcher(app).run_once()
    audio = _recording(session).audio_name
    session.execute(update(Message).values(created_at=utcnow() - timedelta(days=400)))
    session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "Gelöscht: 1 Nachrichten" in result.output
    assert not store.path(audio).exists()
    assert _recording(session).state is RecordingState.REMOVED


def test_the_retention_command(app):
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "Gelöscht: 0 Nachrichten" in result.output


def test_recordings_in_use_by_phone_announcements_and_prompts_stay(app, session, make_announcement):
    from voice.models import PromptRecording

    store = app.extensions["audio_store"]
    old = utcnow() - timedelta(days=2)
    names, rows = {}, {}
    for sid in ("RE-announcement", "RE-prompt", "RE-nobody"):
        names[sid] = store.save_recording(sid.encode())
        rows[sid] = Recording(
            sid=sid,
            source_url="x",
            purpose="announcement",
            state=RecordingState.READY,
            audio_name=names[sid],
            created_at=old,
        )
        session.add(rows[sid])
    make_announcement(recording=rows["RE-announcement"])
    session.add(
        PromptRecording(language="de", prompt_id="greeting.welcome", recording=rows["RE-prompt"])
    )
    session.commit()
    removed = retention.run(session, PERIODS, utcnow())
    session.commit()
    retention.delete_files(store, removed.files)
    assert removed.unkept == [rows["RE-nobody"].id]
    assert (
        store.path(names["RE-announcement"]).is_file() and store.path(names["RE-prompt"]).is_file()
    )
    assert not store.path(names["RE-nobody"]).exists()


def test_recordings_share_copies_what_only_this_server_has(app, session, tmp_path):
    """`flask recordings share`: a recording file only in this AUDIO_DIR goes into the
    database (once), so every server can play it."""
    from voice.models import AudioFile

    store = app.extensions["audio_store"]
    name = store.save_recording(b"RIFF-only-here")  # a file the database does not have
    session.add(
        Recording(
            source=RecordingSource.UPLOAD,
            purpose="message",
            state=RecordingState.READY,
            audio_name=name,
        )
    )
    session.commit()
    runner = app.test_cli_runner()
    assert (
        "1 Aufnahmen in die Datenbank kopiert."
        in runner.invoke(args=["recordings", "share"]).output
    )
    assert session.get(AudioFile, name).data == b"RIFF-only-here"
    assert "0 Aufnahmen" in runner.invoke(args=["recordings", "share"]).output
