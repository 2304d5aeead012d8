"""Staff recordings are read once per process, and again in every process after a change."""

from __future__ import annotations

import subprocess

from tests.conftest import BASE_URL
from tests.phone import Phone


def _tone(path) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=400:duration=2", str(path)],
        check=True,
    )


def test_a_recording_made_in_one_process_is_played_by_another(two_processes, tmp_path):
    """Two apps on one database and audio folder, as two gunicorn workers or a worker and the
    web: each keeps its own copy; a change in one reaches the other's next call."""
    web, staff, queries = two_processes
    phone = Phone(web.test_client(), web, BASE_URL)
    assert phone.call().root[0].tag == "Say"  # nothing built, nothing recorded
    queries.clear()
    assert phone.call().root[0].tag == "Say"
    assert not [q for q in queries if "prompt_recordings" in q]  # kept, not read again

    recording = tmp_path / "hallo.mp3"
    _tone(recording)
    result = staff.test_cli_runner().invoke(
        args=["prompts", "replace", "greeting.welcome", str(recording)]
    )
    assert result.exit_code == 0, result.output
    assert phone.call().root[0].tag == "Play"  # read again after the change
