"""scripts/find-python310 and `make run` on machines with and without Python 3.10."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_310 = Path(sys.executable).resolve()


@pytest.fixture()
def machine(tmp_path: Path) -> dict[str, Path]:
    """A copy of the project's set-up files and a PATH holding only what the script needs."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "find-python310", project / "scripts")
    shutil.copy(ROOT / "Makefile", project)
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for tool in ("dirname", "grep", "sed", "expand"):
        os.symlink(shutil.which(tool) or f"/usr/bin/{tool}", fake_bin / tool)
    broken = fake_bin / "python3.10"
    broken.write_text("#!/bin/sh\necho 'python3.10: cannot execute' >&2\nexit 127\n")
    broken.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    return {"project": project, "bin": fake_bin, "home": home, "pyenv": tmp_path / "pyenv"}


def run(machine: dict[str, Path], *command: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": str(machine["bin"]),
        "HOME": str(machine["home"]),
        "PYENV_ROOT": str(machine["pyenv"]),
        "XDG_DATA_HOME": str(machine["home"]),
    }
    return subprocess.run(
        command, cwd=machine["project"], env=env, capture_output=True, text=True, timeout=60
    )


def test_without_python_310_it_says_what_to_install_in_one_sentence(
    machine: dict[str, Path],
) -> None:
    result = run(machine, "scripts/find-python310")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Python 3.10 is required but none was found")
    assert "pyenv install 3.10" in lines[0]


def test_a_broken_python310_on_path_is_skipped_for_pyenvs(machine: dict[str, Path]) -> None:
    version_bin = machine["pyenv"] / "versions" / "3.10.99" / "bin"
    version_bin.mkdir(parents=True)
    os.symlink(REAL_310, version_bin / "python3.10")
    result = run(machine, "scripts/find-python310")
    assert result.returncode == 0, result.stderr
    found = result.stdout.strip()
    version = subprocess.run(
        [found, "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "(3, 10)"


def test_a_working_python310_on_path_comes_first(machine: dict[str, Path]) -> None:
    (machine["bin"] / "python3.10").unlink()
    os.symlink(REAL_310, machine["bin"] / "python3.10")
    result = run(machine, "scripts/find-python310")
    assert result.returncode == 0
    assert Path(result.stdout.strip()).resolve() == REAL_310


def test_make_run_stops_at_once_with_that_sentence(machine: dict[str, Path]) -> None:
    result = run(machine, shutil.which("make") or "/usr/bin/make", "run")
    assert result.returncode != 0
    assert "Python 3.10 is required but none was found" in result.stderr
    assert not (machine["project"] / ".venv").exists()
    assert not (machine["project"] / ".tools").exists()
