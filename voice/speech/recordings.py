"""Staff recordings that replace a prompt: converted to telephone audio, then used in calls."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from voice.models import Centre, PromptRecording, Recording, RecordingSource, RecordingState
from voice.speech import shared
from voice.speech.catalogue import CENTRE, Catalogue, Prompt
from voice.speech.settings import AudioRejected, AudioSettings
from voice.speech.store import AudioStore

log = logging.getLogger(__name__)


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
    centre_id: int | None = None,
) -> PromptRecording:
    """Convert the file and make it the prompt's audio in one centre (None: the default
    centre); AudioRejected says why it cannot be."""
    if prompt_id not in catalogue:
        raise AudioRejected(f"Eine Ansage mit der Kennung {prompt_id!r} gibt es nicht.")
    if not recordable(catalogue[prompt_id]):
        raise AudioRejected(
            "Diese Ansage enthält wechselnde Angaben (zum Beispiel ein Datum) und kann "
            "nicht durch eine Aufnahme ersetzt werden."
        )
    from voice.speech.audio import convert_upload  # numpy and soxr: only where audio is made

    wav = convert_upload(path, settings, max_seconds)
    audio = Recording(
        source=RecordingSource(source),
        purpose="prompt",
        state=RecordingState.READY,
        audio_name=shared.save_recording(session, store, wav),
    )
    replacement = PromptRecording(
        language=catalogue.language,  # the language of the text it replaces
        prompt_id=prompt_id,
        recording=audio,
        recorded_by=recorded_by,
    )
    if centre_id is not None:  # else the column's default: the default centre
        replacement.centre_id = centre_id
    session.add(replacement)
    use(session, replacement)
    return replacement


def recordable(prompt: Prompt) -> bool:
    """True when staff may replace the prompt with a recording: it changes with nothing but
    the centre's name (which a centre's own recording says itself)."""
    return prompt.fields <= {CENTRE}


def use(session: Session, replacement: PromptRecording) -> None:
    """Make this the prompt's recording in its centre; the older ones stay, for going back."""
    session.flush()
    session.execute(
        update(PromptRecording)
        .where(
            PromptRecording.prompt_id == replacement.prompt_id,
            PromptRecording.language == replacement.language,
            PromptRecording.centre_id == replacement.centre_id,
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


def active(session: Session, language: str, centre_id: int | None = None) -> dict[str, str]:
    """prompt id -> audio name of one centre's active staff recordings (None: the default
    centre's)."""
    return active_by_centre(session, language).get(centre_id, {})


def active_by_centre(session: Session, language: str) -> dict[int | None, dict[str, str]]:
    """centre id -> prompt id -> audio name of the active staff recordings, each centre's
    own; the default centre's also under None (for what speaks without a call's centre)."""
    rows = session.execute(
        select(
            PromptRecording.centre_id,
            Centre.is_default,
            PromptRecording.prompt_id,
            Recording.audio_name,
        )
        .join(PromptRecording.recording)
        .join(Centre, Centre.id == PromptRecording.centre_id)
        .where(
            PromptRecording.active.is_(True),
            PromptRecording.language == language,
            Recording.audio_name.is_not(None),
        )
    )
    found: dict[int | None, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row.centre_id, {})[row.prompt_id] = row.audio_name
        if row.is_default:
            found.setdefault(None, {})[row.prompt_id] = row.audio_name
    return found
