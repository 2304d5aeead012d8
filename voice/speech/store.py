"""Where built audio lives: one folder, files named by a hash of everything that shaped them,
so a changed text, voice or setting is a new file at a new URL (Twilio caches by URL)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from voice import files
from voice.speech.settings import AudioSettings

SUFFIX = ".wav"
REQUEST = ".txt"  # a rebuild request: the text to build again
BUILT_NAME = re.compile(r"[0-9a-f]{32}")  # key(): a hex hash; other files start with a letter
RECORDING_NAME = re.compile(r"r[0-9a-f]{31}")  # save_recording()


class AudioStore:
    """Built prompts and staff recordings, each file named by a hash."""

    def __init__(
        self,
        root: Path,
        language: str,
        engines: list[str],
        voices: dict[str, str],
        settings: AudioSettings,
    ) -> None:
        self.root = root
        self.language = language
        self.engines = engines  # lookup order
        self.voices = voices  # engine name -> voice
        self.settings = settings
        self.built = root / "built"
        self.rebuild = root / "rebuild"  # texts staff asked to be built again (by the worker)

    def key(self, text: str, engine: str) -> str:
        """The file name (without suffix) for this text spoken by this engine."""
        material = json.dumps(
            [text, self.language, engine, self.voices.get(engine, ""), self.settings.fingerprint()],
            ensure_ascii=False,
        )
        return hashlib.sha256(material.encode()).hexdigest()[:32]

    def path(self, name: str) -> Path:
        return self.built / f"{name}{SUFFIX}"

    def find(self, text: str) -> str | None:
        """The name of a built file for this text, from the most preferred engine that has one."""
        for engine in self.engines:
            name = self.key(text, engine)
            if self.path(name).is_file():
                return name
        return None

    def has(self, text: str, engine: str) -> bool:
        return self.path(self.key(text, engine)).is_file()

    def save(self, text: str, engine: str, wav: bytes) -> Path:
        """Store a complete file atomically: a reader never sees half of one.

        The text goes beside it, for the phone simulator's transcript."""
        path = self.path(self.key(text, engine))
        write_atomically(path.with_suffix(".txt"), text.encode())
        return write_atomically(path, wav)

    def save_recording(self, wav: bytes) -> str:
        """Store a staff recording under a name made from its content; returns the name."""
        name = "r" + hashlib.sha256(wav).hexdigest()[:31]
        write_atomically(self.path(name), wav)
        return name

    def request_rebuild(self, text: str) -> None:
        """Ask the speech worker to build the text again (staff's "Neu erstellen")."""
        write_atomically(self._rebuild_path(text), text.encode())

    def rebuild_pending(self, text: str) -> bool:
        return self._rebuild_path(text).is_file()

    def rebuild_requests(self) -> dict[str, Path]:
        """The texts asked to be built again in this store's language, each with its request
        (to remove when done); the languages' stores share the folder."""
        if not self.rebuild.is_dir():
            return {}
        found = {path.read_text(): path for path in self.rebuild.glob(f"*{REQUEST}")}
        return {text: path for text, path in found.items() if path == self._rebuild_path(text)}

    def _rebuild_path(self, text: str) -> Path:
        material = json.dumps([text, self.language], ensure_ascii=False)
        return self.rebuild / (hashlib.sha256(material.encode()).hexdigest()[:32] + REQUEST)

    def problem(self) -> str | None:
        """Why no file can be stored here, in words for staff; None when the folder is usable.

        Creates the folder when it is missing, as the first save would."""
        try:
            self.built.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return (
                f"Der Ordner für Aufnahmen ({self.root}) fehlt und lässt sich nicht anlegen "
                f"({error.strerror})."
            )
        if not os.access(self.built, os.W_OK | os.X_OK):
            return f"Der Server darf nicht in den Ordner für Aufnahmen ({self.built}) schreiben."
        return None

    def built_prompts(self) -> list[str]:
        """Names of the files built from text (not staff or resident recordings, not music)."""
        if not self.built.is_dir():
            return []
        return [
            path.stem for path in self.built.glob(f"*{SUFFIX}") if BUILT_NAME.fullmatch(path.stem)
        ]

    def recordings(self) -> dict[str, float]:
        """Names of the stored recordings (phone, upload, browser), with their files' mtimes."""
        if not self.built.is_dir():
            return {}
        return {
            path.stem: path.stat().st_mtime
            for path in self.built.glob(f"r*{SUFFIX}")
            if RECORDING_NAME.fullmatch(path.stem)
        }

    def remove_except(self, keep: set[str]) -> list[str]:
        """Delete files built from text whose names are not in `keep`; returns what was removed.

        Recordings ("r...") and the hold music ("h...") share the folder but are never touched:
        their lifetime is retention's business."""
        removed = []
        for name in self.built_prompts():
            if name not in keep:
                self.path(name).unlink(missing_ok=True)
                self.path(name).with_suffix(".txt").unlink(missing_ok=True)
                removed.append(name)
        return removed


def write_atomically(path: Path, data: bytes) -> Path:
    return files.write_atomically(path, data, SUFFIX)
