"""scripts/setup on a machine where it may not install: what to ask an administrator for."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the script itself uses; ffmpeg, espeak-ng, pdftoppm, dpkg-query and sudo are left out on
# purpose.
TOOLS = ["bash", "mkdir", "cat", "tail", "grep", "dirname", "sha256sum", "cut"]


def test_without_root_and_sudo_it_names_the_packages_and_the_command(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "python3").symlink_to(Path(sys.executable).resolve())
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")  # an ordinary user
    (bin_dir / "id").chmod(0o755)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    result = subprocess.run(
        [str(bin_dir / "bash"), str(tmp_path / "scripts" / "setup"), "test"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    command = "apt-get install --no-install-recommends ffmpeg espeak-ng poppler-utils libatomic1"
    german, english = result.stderr.split("setup: Missing system packages:")
    assert "Es fehlen Systempakete: ffmpeg espeak-ng poppler-utils libatomic1." in german
    assert "nicht root und kann sudo nicht benutzen" in german and command in german
    assert "not root and cannot use sudo" in english and command in english
    assert "command not found" not in result.stderr
    assert not (tmp_path / ".venv").exists()
