"""Staff recordings that replace a prompt: converted to telephone audio, then used in calls."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from voice.models import PromptRecording, Recording, RecordingSource, RecordingState
from voice.speech.audio import AudioRejected, AudioSettings, convert_upload
from voice.speech.catalogue import Catalogue
from voice.speech.store import AudioStore, write_atomically

log = logging.getLogger(__name__)
CHANGED = "prompt_recordings_changed"  # Session.info: this transaction changed them
_latest_stamp: Path | None = None  # the stamp of the Cache made last in this process


def replace_prompt(
    session: Session,
    store: AudioStore,
    catalogue: Catalogue,
    prompt_id: str,
    path: Path,
    *,
    source: str,
    recorded_by: str | None,
    max_seconds: int,
    settings: AudioSettings,
) -> PromptRecording:
    """Convert the file and make it the prompt's audio; AudioRejected says why it cannot be."""
    if prompt_id not in catalogue:
        raise AudioRejected(f"Eine Ansage mit der Kennung {prompt_id!r} gibt es nicht.")
    if catalogue[prompt_id].fields:
        raise AudioRejected(
            "Diese Ansage enthält wechselnde Angaben (zum Beispiel ein Datum) und kann "
            "nicht durch eine Aufnahme ersetzt werden."
        )
    wav = convert_upload(path, settings, max_seconds)
    audio = Recording(
        source=RecordingSource(source),
        purpose="prompt",
        state=RecordingState.READY,
        audio_name=store.save_recording(wav),
    )
    replacement = PromptRecording(
        language=store.language, prompt_id=prompt_id, recording=audio, recorded_by=recorded_by
    )
    session.add(replacement)
    use(session, replacement)
    return replacement


def use(session: Session, replacement: PromptRecording) -> None:
    """Make this the prompt's recording; the older ones stay, for going back."""
    session.flush()
    session.execute(
        update(PromptRecording)
        .where(
            PromptRecording.prompt_id == replacement.prompt_id,
            PromptRecording.language == replacement.language,
            PromptRecording.id != replacement.id,
        )
        .values(active=False)
    )
    replacement.active = True
    session.flush()


def arrived(session: Session, recording_id: int) -> None:
    """A recording made by phone is in our storage: a prompt waiting for it now uses it."""
    replacement = session.scalar(
        select(PromptRecording).where(PromptRecording.recording_id == recording_id)
    )
    if replacement is not None:
        use(session, replacement)


def active(session: Session, language: str) -> dict[str, str]:
    """prompt id -> audio name of the active staff recordings."""
    rows = session.execute(
        select(PromptRecording.prompt_id, Recording.audio_name)
        .join(PromptRecording.recording)
        .where(
            PromptRecording.active.is_(True),
            PromptRecording.language == language,
            Recording.audio_name.is_not(None),
        )
    )
    return {row.prompt_id: row.audio_name for row in rows}


class Cache:
    """The active staff recordings, read once per process and again only after a change.

    Any process that commits a change to prompt recordings (or recordings) writes a new stamp
    file beside the audio (see `watch`); a reader compares the stamp's identity (inode and
    time) with the one it read with, one `stat` per request instead of a query. Processes on
    one server share the folder; servers sharing a database also need it shared (issue 19)."""

    def __init__(self, stamp: Path, language: str) -> None:
        global _latest_stamp
        self.stamp = _latest_stamp = stamp
        self.language = language
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._recorded: Mapping[str, str] = {}

    def get(self, load_session: Callable[[], Session]) -> Mapping[str, str]:
        """prompt id -> audio name; none when the database cannot say (a call goes on)."""
        seen = _identity(self.stamp)
        with self._lock:
            if seen is not None and seen == self._seen:
                return self._recorded
            try:
                recorded = active(load_session(), self.language)
            except Exception:  # a call must not fail over a replaced prompt
                log.exception("could not read prompt recordings; using built audio")
                return {}
            if seen is None:  # no stamp yet: make one, so that the next request can trust it
                changed(self.stamp)
                seen = _identity(self.stamp)
            self._seen, self._recorded = seen, recorded
            return recorded


def _identity(stamp: Path) -> tuple[int, int] | None:
    try:
        status = stamp.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns


def changed(stamp: Path) -> None:
    """Tell every process's Cache that the recordings changed (a new file: a new inode)."""
    try:
        write_atomically(stamp, os.urandom(8).hex().encode())
    except OSError:
        log.exception("could not mark prompt recordings as changed at %s", stamp)


def watch() -> None:
    """After each commit that wrote prompt recordings or recordings, mark the change for the
    app's Cache. Rows written by the ORM are seen in the flush, bulk UPDATE/DELETE statements
    where they run; the stamp is written only once the commit went through. Listens on every
    Session of this process (once), so sessions from any factory are seen, the tests' too."""
    if event.contains(Session, "after_commit", _committed):
        return
    event.listen(Session, "after_flush", _flushed)
    event.listen(Session, "do_orm_execute", _executed)
    event.listen(Session, "after_commit", _committed)
    event.listen(Session, "after_rollback", _rolled_back)


def _flushed(session: Session, _context: object) -> None:
    rows = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, (PromptRecording, Recording)) for row in rows):
        session.info[CHANGED] = True


def _executed(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in (PromptRecording, Recording) for mapper in state.all_mappers
    ):
        state.session.info[CHANGED] = True


def _committed(session: Session) -> None:
    if not session.info.pop(CHANGED, False):
        return
    cache: Cache | None = None
    if has_app_context():
        cache = current_app.extensions.get("prompt_recordings")
    # Outside a request or command (a worker's job): the process's app, the one made last.
    stamp = cache.stamp if cache is not None else _latest_stamp
    if stamp is not None:
        changed(stamp)


def _rolled_back(session: Session) -> None:
    session.info.pop(CHANGED, None)
