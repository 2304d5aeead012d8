"""Fetching recordings: a persistent job per recording, retried with backoff, safe to run in
several workers and to kill at any moment (the job is only done when its audio is ours)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from voice.models import Recording, RecordingSource, RecordingState, utcnow
from voice.speech import recordings as replacements
from voice.speech import shared
from voice.speech.settings import AudioSettings
from voice.speech.store import AudioStore
from voice.telephony.base import RecordingRefused, Telephony

log = logging.getLogger(__name__)

BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_TIMEOUT = timedelta(minutes=10)  # a worker that died holding a job lets go after this
MAX_SECONDS = 600


def note_completed(session: Session, sid: str, url: str, purpose: str, call_sid: str) -> None:
    """Twilio says a recording is complete: queue it (once, however often Twilio says so)."""
    if not sid:
        return
    recording = phone_recording(session, sid, url, purpose, call_sid, RecordingState.PENDING)
    if recording.state is RecordingState.RECORDING:
        recording.state, recording.source_url = RecordingState.PENDING, url or recording.source_url


def phone_recording(
    session: Session,
    sid: str,
    url: str,
    purpose: str,
    call_sid: str,
    state: RecordingState = RecordingState.RECORDING,
) -> Recording:
    """The row of Twilio's recording `sid`, made now (in `state`) if nobody made it yet.

    Callers keep a recording, and Twilio says it is complete, in either order."""
    found = session.scalar(select(Recording).where(Recording.sid == sid))
    if found is not None:
        return found
    recording = Recording(
        source=RecordingSource.PHONE,
        sid=sid,
        source_url=url,
        purpose=purpose,
        call_sid=call_sid,
        state=state,
    )
    try:
        with session.begin_nested():
            session.add(recording)
    except IntegrityError:  # the other side, at the same moment
        return session.scalars(select(Recording).where(Recording.sid == sid)).one()
    return recording


class Fetcher:
    """Fetches due recordings into the audio store."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        telephony: Telephony,
        store: AudioStore,
        settings: AudioSettings,
        name: str,
        *,
        delete_at_source: bool = True,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions, self.telephony, self.store, self.settings = (
            sessions,
            telephony,
            store,
            settings,
        )
        self.name, self.delete_at_source, self.now = name, delete_at_source, now

    def run_once(self, stopping: Callable[[], bool] = lambda: False) -> int:
        """Fetch what is due (asking `stopping()` before each); returns how many are now ours."""
        done = 0
        while not stopping() and (job := self._claim()) is not None:
            done += self._fetch(*job)
        return done

    def _claim(self) -> tuple[int, str, str] | None:
        now = self.now()
        with self.sessions.begin() as session:
            job = session.scalar(
                select(Recording)
                .where(
                    Recording.state == RecordingState.PENDING,
                    Recording.next_attempt_at <= now,
                    or_(Recording.claimed_at.is_(None), Recording.claimed_at < now - CLAIM_TIMEOUT),
                )
                .order_by(Recording.next_attempt_at, Recording.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if job is None:
                return None
            job.claimed_by, job.claimed_at = self.name, now
            return job.id, job.sid or "", job.source_url or ""

    def _fetch(self, job_id: int, sid: str, url: str) -> int:
        from voice.speech.audio import convert_upload  # the worker's: webhooks only queue jobs

        try:
            audio = self.telephony.fetch_recording(url)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "recording"
                path.write_bytes(audio)
                wav = convert_upload(path, self.settings, MAX_SECONDS)
        except RecordingRefused as refused:
            self._refused(job_id, str(refused))
            return 0
        except Exception as error:
            self._failed(job_id, f"{type(error).__name__}: {error}")
            return 0
        try:
            kept = self._keep(job_id, sid, wav)
        except OSError as error:  # this server's folder is full: another try, later
            self._failed(job_id, f"{type(error).__name__}: {error}")
            return 0
        if self.delete_at_source or not kept:
            try:
                self.telephony.delete_recording(sid)
            except Exception as error:
                log.warning("recording %s: could not delete it at the provider: %s", sid, error)
        if not kept:
            return 0
        log.info("recording %s is ours", sid)
        return 1

    def _keep(self, job_id: int, sid: str, wav: bytes) -> bool:
        """Store the audio for every server, in the transaction that makes the job READY;
        False when the row is gone (staff erased the resident while we fetched)."""
        with self.sessions.begin() as session:
            job = session.get(Recording, job_id)
            if job is None:
                log.info("recording %s was erased while it was fetched", sid)
                return False
            job.state, job.audio_name = (
                RecordingState.READY,
                shared.save_recording(session, self.store, wav),
            )
            replacements.arrived(session, job_id)
            job.fetched_at, job.claimed_by, job.claimed_at, job.last_error = (
                self.now(),
                None,
                None,
                None,
            )
            return True

    def _refused(self, job_id: int, reason: str) -> None:
        """Not the provider's URL: nothing was sent to it, and no later try will send it."""
        with self.sessions.begin() as session:
            job = session.get(Recording, job_id)
            if job is None:
                return  # erased meanwhile, with the person it belonged to
            job.state, job.last_error = RecordingState.REFUSED, reason[:1000]
            job.claimed_by, job.claimed_at = None, None
            log.warning("recording %s: refused to fetch it: %s", job.sid, reason)

    def _failed(self, job_id: int, error: str) -> None:
        with self.sessions.begin() as session:
            job = session.get(Recording, job_id)
            if job is None:  # erased with its resident meanwhile: nothing to try again
                return
            job.attempts += 1
            job.last_error, job.claimed_by, job.claimed_at = error[:1000], None, None
            if job.attempts >= MAX_ATTEMPTS:
                job.state = RecordingState.FAILED
                log.error(
                    "recording %s: giving up after %s tries: %s", job.sid, job.attempts, error
                )
            else:
                job.next_attempt_at = self.now() + BACKOFF[job.attempts - 1]
                log.warning(
                    "recording %s: try %s failed (%s); again later", job.sid, job.attempts, error
                )
