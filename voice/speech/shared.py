"""Audio shared by every app server through the database (RECORDINGS_STORE=database).

The table `audio_files` holds the master copy of each recording and each built prompt; the
folder AUDIO_DIR is this server's copy of what it used. A copy missing here is fetched from
the database when a call or a page needs it; a recording gone from the database (erased,
its time up) is removed here when it is asked for, so no server plays it again."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from voice.models import AudioFile
from voice.speech.store import BUILT_NAME, RECORDING_NAME, AudioStore, write_atomically

log = logging.getLogger(__name__)
BUILD_LOCK = 190018  # a PostgreSQL advisory lock: one speech worker builds at a time


def keep(session: Session, name: str, data: bytes) -> None:
    """Add the file to the database in the session's transaction (once, however often)."""
    if session.get(AudioFile, name) is not None:
        return  # the same content, saved before (its name is its hash)
    try:
        with session.begin_nested():
            session.add(AudioFile(name=name, data=data))
    except IntegrityError:  # another server, at the same moment: the same bytes
        pass


def forget(session: Session, names: Iterable[str]) -> None:
    """Delete these files from the database, in the session's transaction."""
    wanted = sorted(set(names))
    if wanted:
        session.execute(delete(AudioFile).where(AudioFile.name.in_(wanted)))


def local(session: Session, store: AudioStore, name: str) -> Path | None:
    """This server's copy of a file, fetched from the database if missing; None when the
    database has none (a recording no longer kept: a copy here is removed)."""
    path = store.path(name)
    # Someone's voice: only while the database keeps it (erasure reaches every server).
    if RECORDING_NAME.fullmatch(name) and not _in_database(session, name):
        path.unlink(missing_ok=True)
        return None
    if path.is_file():
        return path
    data = session.scalar(select(AudioFile.data).where(AudioFile.name == name))
    if data is None:
        return None
    log.info("audio %s: copied from the database", name)
    return write_atomically(path, data)


def _in_database(session: Session, name: str) -> bool:
    return session.scalar(select(AudioFile.name).where(AudioFile.name == name)) is not None


class Shared:
    """Built prompts shared between servers: a server copies what another built, and adds
    what it built itself (used by `prompts build` and the speech worker)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def pull(self, store: AudioStore, names: Iterable[str]) -> set[str]:
        """Copy the files of `names` that the database has and this folder lacks."""
        wanted = sorted(name for name in set(names) if not store.path(name).is_file())
        copied: set[str] = set()
        with self.sessions() as session:
            for start in range(0, len(wanted), 200):  # IN lists of a sane length
                rows = session.execute(
                    select(AudioFile.name, AudioFile.data).where(
                        AudioFile.name.in_(wanted[start : start + 200])
                    )
                )
                for name, data in rows:
                    write_atomically(store.path(name), data)
                    copied.add(name)
        return copied

    def push(self, store: AudioStore, names: Iterable[str], *, replace: bool = False) -> int:
        """Add the files of `names` that this folder has and the database lacks (`replace`:
        also those it has, for a file built again on staff's request)."""
        wanted = sorted(name for name in set(names) if store.path(name).is_file())
        added = 0
        with self.sessions.begin() as session:
            for start in range(0, len(wanted), 200):
                part = wanted[start : start + 200]
                if replace:
                    forget(session, part)
                there = set(session.scalars(select(AudioFile.name).where(AudioFile.name.in_(part))))
                for name in part:
                    if name not in there:
                        keep(session, name, store.path(name).read_bytes())
                        added += 1
        return added

    def prune(self, needed: set[str], made_before: datetime) -> int:
        """Delete the built prompts no language needs any more (`prompts build` decides it,
        as for this server's folder), so that the table does not grow with every changed
        text. Only those made before `made_before`: one that a speech worker built a moment
        ago, for an event the build has not seen, stays. Recordings are retention's."""
        with self.sessions.begin() as session:
            rows = session.execute(
                select(AudioFile.name).where(AudioFile.created_at < made_before)
            ).scalars()
            unneeded = [n for n in rows if BUILT_NAME.fullmatch(n) and n not in needed]
            forget(session, unneeded)
        return len(unneeded)

    @contextmanager
    def building(self) -> Iterator[None]:
        """One server builds at a time: another one's speech worker waits, then copies what
        this one built instead of building it again. (SQLite: one server.)"""
        with self.sessions.begin() as session:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BUILD_LOCK})
            yield


def save_recording(session: Session, store: AudioStore, wav: bytes) -> str:
    """Store a recording here and, in the session's transaction, for every server."""
    name = store.save_recording(wav)
    keep(session, name, wav)
    return name
