"""bot.model: training is skipped exactly when no input changed."""

from __future__ import annotations

import json
from pathlib import Path

from bot.model import current_model, fingerprint, training_inputs


def make_project(root: Path) -> None:
    for name in ("config.yml", "domain.yml", "uv.lock"):
        (root / name).write_text(name)
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
