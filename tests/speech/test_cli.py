"""`flask prompts build|check|replace` on a small catalogue, with pico and real ffmpeg."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import make_test_app
from voice.config import PROJECT_ROOT
from voice.models import PromptRecording
from voice.speech.catalogue import compare, load

# A placeholder, but no number: the builds here make four texts (numbers: test_numbers.py).
GERMAN = """[greeting]
welcome = "Guten Tag!"
welcome_named = "Guten Tag, {name}!"
[keys]
goodbye = "Auf Wiederhören!"
"""
ENGLISH = """[greeting]
welcome = "Hello!"
welcome_named = "Hello, {name}!"
[keys]
goodbye = "Goodbye!"
"""


@pytest.fixture
def prompts_dir(tmp_path) -> Path:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "de.toml").write_text(GERMAN)
    (folder / "en.toml").write_text(ENGLISH)
    return folder


@pytest.fixture
def app_config(prompts_dir, tmp_path):
    return {
        "PROMPTS_DIR": str(prompts_dir),
        "AUDIO_DIR": str(tmp_path / "audio"),
        "VOICE_TTS_ENGINE": "pico",
    }


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["prompts", *args])


def test_build_check_change_and_clean_up(app, prompts_dir):
    result = _run(app, "build")
    assert result.exit_code == 0, result.output
    assert "0 fehlgeschlagen" in result.output and "unverändert" in result.output
    assert _run(app, "check").exit_code == 0
    again = _run(app, "build")
    assert re.search(r"(^|\s)0 gebaut, \d+ unverändert, 0 fehlgeschlagen", again.output), (
        again.output
    )

    (prompts_dir / "de.toml").write_text(GERMAN.replace("Guten Tag!", "Guten Abend!"))
    (prompts_dir / "en.toml").write_text(ENGLISH)
    changed = make_test_app(  # the same test transaction, the changed catalogue
        app.config["DATABASE_URL"],
        **{k: app.config[k] for k in ("PROMPTS_DIR", "AUDIO_DIR", "VOICE_TTS_ENGINE")},
    )
    changed.extensions["db"] = app.extensions["db"]
    check = _run(changed, "check")
    assert check.exit_code == 1
    assert "fehlt: Guten Abend!" in check.output
    assert "veraltet:" in check.output
    rebuilt = _run(changed, "build")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "1 gebaut" in rebuilt.output
    assert "1 nicht mehr benötigte Dateien entfernt." in rebuilt.output
    assert _run(changed, "check").exit_code == 0


def test_a_broken_translation_stops_the_build_with_file_and_line(app, prompts_dir):
    (prompts_dir / "en.toml").write_text(
        ENGLISH.replace("{name}", "{taste}").replace('goodbye = "Goodbye!"\n', "")
    )
    result = _run(app, "build")
    assert result.exit_code != 0
    assert (
        f"{prompts_dir / 'en.toml'}:3: greeting.welcome_named: unknown placeholders ['taste']"
        in result.output
    )
    assert f"{prompts_dir / 'en.toml'}: keys.goodbye is missing" in result.output


def test_plural_forms_another_language_needs_stop_the_build(app, prompts_dir):
    """Loading a catalogue does not look up its language's plural rules (issue 16: megabytes
    of CLDR data for each language); the build does."""
    seats = '[events]\nseats = { one = "1.", few = "{count}.", other = "{count}." }\n'
    for name, text in (("de.toml", GERMAN), ("en.toml", ENGLISH)):
        (prompts_dir / name).write_text(text + seats)
    result = _run(app, "build")
    assert result.exit_code != 0
    assert (
        f"{prompts_dir / 'de.toml'}:7: events.seats must have the plural forms ['one', 'other'], "
        "has ['few', 'one', 'other']"
    ) in result.output


def test_a_syntax_error_stops_the_build_with_file_and_line(app, prompts_dir):
    (prompts_dir / "en.toml").write_text('[keys]\ngoodbye = "Goodbye!\n')
    result = _run(app, "build")
    assert result.exit_code != 0
    assert "en.toml" in result.output and "line 2" in result.output


def test_the_real_english_catalogue_matches_the_german_one():
    folder = PROJECT_ROOT / "prompts"
    assert compare(load(folder / "de.toml"), load(folder / "en.toml"), folder / "en.toml") == []


def _tone(path: Path, seconds: int = 2) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=330:duration={seconds}",
            str(path),
        ],
        check=True,
    )
    return path


def test_the_build_keeps_staff_recordings(app, session, tmp_path):
    assert _run(app, "replace", "greeting.welcome", str(_tone(tmp_path / "a.mp3"))).exit_code == 0
    [recording] = session.scalars(select(PromptRecording)).all()
    store = app.extensions["audio_store"]
    assert _run(app, "build").exit_code == 0
    assert store.path(recording.audio_name).is_file()


@pytest.mark.parametrize("prompts_dir", [PROJECT_ROOT / "prompts"])
def test_a_staff_recording_replaces_a_prompt_in_calls(app, phone, session, tmp_path):
    result = _run(
        app, "replace", "greeting.welcome", str(_tone(tmp_path / "hallo.mp3")), "--by", "Anna"
    )
    assert result.exit_code == 0, result.output
    [recording] = session.scalars(select(PromptRecording)).all()
    assert (recording.prompt_id, recording.recording.source, recording.recorded_by) == (
        "greeting.welcome",
        "upload",
        "Anna",
    )
    first = phone.call().root[0]
    assert first.tag == "Play" and first.text.endswith(f"/audio/{recording.audio_name}.wav")
    # a second recording replaces the first
    assert (
        _run(app, "replace", "greeting.welcome", str(_tone(tmp_path / "neu.wav", 3))).exit_code == 0
    )
    names = [
        r.audio_name for r in session.scalars(select(PromptRecording).where(PromptRecording.active))
    ]
    assert len(names) == 1
    assert phone.call().root[0].text.endswith(f"/audio/{names[0]}.wav")


def test_a_recording_that_is_not_audio_is_refused_and_nothing_is_stored(app, session, tmp_path):
    text = tmp_path / "brief.wav"
    text.write_text("kein Ton")
    result = _run(app, "replace", "greeting.welcome", str(text))
    assert result.exit_code != 0
    assert "Die Datei enthält keinen Ton." in result.output
    assert session.scalars(select(PromptRecording)).all() == []
    result = _run(app, "replace", "greeting.welcome_named", str(_tone(tmp_path / "t.mp3")))
    assert "wechselnde Angaben" in result.output


def test_the_build_leaves_recordings_and_music_alone(app, session, tmp_path):
    """Residents' messages, uploads and the hold music share the folder with built prompts."""
    from voice.speech import hold

    store = app.extensions["audio_store"]
    message = store.save_recording(b"RIFF-a-residents-message")
    music = hold.ensure(store)
    assert _run(app, "build").exit_code == 0
    assert _run(app, "check").exit_code == 0  # and they are not "stale" either
    assert store.path(message).is_file() and store.path(music).is_file()


TURKISH = """[greeting]
welcome = "Merhaba!"
welcome_named = "Merhaba, {name}!"
[keys]
goodbye = "Hoşça kalın!"
"""


def test_every_language_is_built_into_its_own_store_and_kept_by_the_clean_up(app, prompts_dir):
    (prompts_dir / "tr.toml").write_text(TURKISH)
    several = make_test_app(
        app.config["DATABASE_URL"],
        **{k: app.config[k] for k in ("PROMPTS_DIR", "AUDIO_DIR", "VOICE_TTS_ENGINE")},
    )
    several.extensions["db"] = app.extensions["db"]
    result = _run(several, "build")
    assert result.exit_code == 0, result.output
    voices = several.extensions["voices"]
    assert list(voices) == ["de", "en", "tr"]
    for code, text in (("de", "Guten Tag!"), ("en", "Hello!"), ("tr", "Merhaba!")):
        store = voices[code].store
        assert store.language == code and store.find(text) is not None, code
    # Pico speaks German and English; Turkish offline is eSpeak NG ("pico": the offline ones)
    assert voices["tr"].store.engines == ["espeak"] and voices["en"].store.engines == ["pico"]
    assert voices["tr"].store.has("Merhaba!", "espeak")
    # The same text in two languages is two files: the hash holds the language.
    assert voices["de"].store.key("OK", "pico") != voices["en"].store.key("OK", "pico")
    again = _run(several, "build")  # no language's files are taken for another's leftovers
    assert "entfernt" not in again.output and again.output.count(" 0 gebaut,") == 3
    assert _run(several, "check").exit_code == 0
