"""What every app server of an installation shares through the database (issue 19): the
audio a call or a page may need, and one version number for the values kept per process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, utcnow


class AudioFile(Base):
    """One audio file by its store name (a recording "r…", a built prompt): the master copy;
    each server keeps a copy under AUDIO_DIR and fetches a missing one from here."""

    __tablename__ = "audio_files"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CacheVersion(Base):
    """A single row: raised in every transaction that changes what a process keeps (staff
    recordings, staff numbers, centres); each process compares it now and then."""

    __tablename__ = "cache_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
