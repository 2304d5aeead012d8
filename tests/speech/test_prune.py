"""`prompts build` removes built prompts nobody needs from the database too (issue 19): the
table every server shares must not grow with every changed title."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import make_test_app
from voice import schema
from voice.models import AudioFile, utcnow

CATALOGUE = """[greeting]
welcome = "Guten Tag!"
"""


def test_prompts_build_removes_old_unneeded_prompts_from_the_database(tmp_path):
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "de.toml").write_text(CATALOGUE)
    app = make_test_app(
        f"sqlite:///{tmp_path}/q.db", PROMPTS_DIR=str(prompts), AUDIO_DIR=str(tmp_path / "audio")
    )
    engine = app.extensions["db"].kw["bind"]
    schema.upgrade(engine)
    old, now = utcnow() - timedelta(days=3), utcnow()
    rows = {
        "a" * 32: old,  # a title that changed long ago: goes
        "b" * 32: now,  # built a moment ago, maybe for an event the build has not seen: stays
        "r" + "c" * 31: old,  # a resident's recording: retention's business, stays
    }
    with app.extensions["db"].begin() as session:
        session.add_all(AudioFile(name=n, data=b"RIFF", created_at=t) for n, t in rows.items())
    try:
        result = app.test_cli_runner().invoke(args=["prompts", "build"])
        assert result.exit_code == 0, result.output
        assert "1 nicht mehr benötigte Ansagen aus der Datenbank entfernt." in result.output
        welcome = app.extensions["audio_store"].find("Guten Tag!")
        with app.extensions["db"]() as session:
            left = set(session.scalars(select(AudioFile.name)))
        assert "a" * 32 not in left
        assert {"b" * 32, "r" + "c" * 31, welcome} <= left  # and the greeting, built now
    finally:
        engine.dispose()
