"""bot.model: training is skipped exactly when no input changed."""

from __future__ import annotations

import json
from pathlib import Path

from bot.model import current_model, fingerprint, training_inputs, training_packages

LOCK = """version = 1

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://example.invalid/simple" }

[[package]]
name = "rasa"
version = "3.6.21"
source = { registry = "https://example.invalid/simple" }

[[package]]
name = "tensorflow-cpu"
version = "2.12.0"
"""


def make_project(root: Path) -> None:
    for name in ("config.yml", "domain.yml"):
        (root / name).write_text(name)
    (root / "uv.lock").write_text(LOCK)
    for folder in ("data/nlu", "data/rules", "data/stories", "data/kb", "bot/nlu"):
        (root / folder).mkdir(parents=True)
    (root / "data/nlu/greet.yml").write_text("hello")
    (root / "data/kb/zones.yml").write_text("- id: temple")
    (root / "bot/nlu/extractor.py").write_text("x = 1")


def test_every_training_input_changes_the_fingerprint(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = fingerprint(tmp_path, training_inputs(tmp_path))
    assert before == fingerprint(tmp_path, training_inputs(tmp_path))
    for changed in (
        "config.yml",
        "data/nlu/greet.yml",
        "data/kb/zones.yml",
        "bot/nlu/extractor.py",
    ):
        path = tmp_path / changed
        original = path.read_text()
        path.write_text(original + " changed")
        assert fingerprint(tmp_path, training_inputs(tmp_path)) != before, changed
        path.write_text(original)
    assert fingerprint(tmp_path, training_inputs(tmp_path)) == before


def test_a_new_file_changes_the_fingerprint(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = fingerprint(tmp_path, training_inputs(tmp_path))
    (tmp_path / "data/stories/new.yml").write_text("stories: []")
    assert fingerprint(tmp_path, training_inputs(tmp_path)) != before


def test_current_model_needs_the_recorded_file(tmp_path: Path) -> None:
    assert current_model(tmp_path) is None
    (tmp_path / "fingerprint.json").write_text(
        json.dumps({"fingerprint": "abc", "model": "m.tar.gz"})
    )
    assert current_model(tmp_path) is None
    (tmp_path / "m.tar.gz").write_bytes(b"model")
    assert current_model(tmp_path) == ("abc", tmp_path / "m.tar.gz")
    (tmp_path / "fingerprint.json").write_text("not json")
    assert current_model(tmp_path) is None


def test_training_packages_are_read_from_the_lock_file() -> None:
    assert training_packages(LOCK) == ["rasa==3.6.21", "tensorflow-cpu==2.12.0"]


def test_a_new_rasa_version_retrains_but_a_new_test_tool_does_not(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = fingerprint(tmp_path, training_inputs(tmp_path))
    (tmp_path / "uv.lock").write_text(LOCK.replace('"8.3.3"', '"8.4.0"'))
    assert fingerprint(tmp_path, training_inputs(tmp_path)) == before
    (tmp_path / "uv.lock").write_text(LOCK.replace('"3.6.21"', '"3.6.22"'))
    assert fingerprint(tmp_path, training_inputs(tmp_path)) != before
