"""domain.yml: the care answers stay word for word the knowledge base's care items."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_every_care_answer_is_its_knowledge_base_item() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    care = {item["id"]: item for item in yaml.safe_load((ROOT / "data/kb/care.yml").read_text())}
    answers = {
        name: variants
        for name, variants in domain["responses"].items()
        if name.startswith("utter_care_")
    }
    assert len(answers) == 10
    for name, [variant] in answers.items():
        item = care[variant["metadata"]["care_id"]]
        assert variant["text"] == item["text"].strip(), name


def test_every_care_question_has_training_examples_and_an_answer() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    nlu = yaml.safe_load((ROOT / "data/nlu/care.yml").read_text())["nlu"]
    trained = {block["intent"] for block in nlu if block["intent"].startswith("care_")}
    answered = {name.removeprefix("utter_") for name in domain["responses"]}
    assert trained and trained <= answered
