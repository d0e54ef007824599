"""bot.nlu.extractor: the Rasa component trains, persists, loads and processes messages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.extractor import VOCABULARY_FILE, TriageEntityExtractor
from bot.nlu.vocabulary import VocabularyError

RESOURCE = Resource("triage_extractor")
CONTEXT = ExecutionContext(GraphSchema({}))


def trained(storage_path: Path, kb_path: Path) -> TriageEntityExtractor:
    storage_path.mkdir(exist_ok=True)
    component = TriageEntityExtractor.create(
        {"kb_path": str(kb_path)}, LocalModelStorage(storage_path), RESOURCE, CONTEXT
    )
    component.train(TrainingData())
    return component


def loaded(storage_path: Path) -> TriageEntityExtractor:
    return TriageEntityExtractor.load(
        {**TriageEntityExtractor.get_default_config()},
        LocalModelStorage(storage_path),
        RESOURCE,
        CONTEXT,
    )


def entities_of(component: TriageEntityExtractor, text: str, **data: Any) -> list[dict[str, Any]]:
    [message] = component.process([Message(data={"text": text, **data})])
    return list(message.get("entities"))


def test_persists_the_vocabulary_and_parses_without_the_database(
    tmp_path: Path, small_kb_path: Path
) -> None:
    kb_copy = tmp_path / "kb.db"
    shutil.copy(small_kb_path, kb_copy)
    trained(tmp_path / "model", kb_copy)
    kb_copy.unlink()

    component = loaded(tmp_path / "model")

    assert (tmp_path / "model" / RESOURCE.name / VOCABULARY_FILE).is_file()
    assert entities_of(component, "its not my knee, its my left shin") == [
        {
            "entity": "body_zone",
            "start": 11,
            "end": 15,
            "value": "knee",
            "confidence_entity": 1.0,
            "extractor": "TriageEntityExtractor",
            "role": "negated",
        },
        {
            "entity": "side",
            "start": 24,
            "end": 28,
            "value": "left",
            "confidence_entity": 0.9,
            "extractor": "TriageEntityExtractor",
            "zone": "shin",
        },
        {
            "entity": "body_zone",
            "start": 29,
            "end": 33,
            "value": "shin",
            "confidence_entity": 1.0,
            "extractor": "TriageEntityExtractor",
            "side": "left",
        },
    ]


def test_merges_with_the_entities_diet_found(tmp_path: Path, small_kb_path: Path) -> None:
    component = trained(tmp_path, small_kb_path)
    from_diet = [
        {"entity": "body_zone", "value": "calves", "start": 3, "end": 9},
        {"entity": "trigger", "value": "running", "start": 25, "end": 33},
        {"entity": "body_zone", "value": "sore bits", "start": 39, "end": 48},
    ]

    entities = entities_of(
        component, "my calves ache since the marathon, and sore bits", entities=from_diet
    )

    assert [(e["entity"], e["value"], e.get("extractor")) for e in entities] == [
        ("body_zone", "calf", "TriageEntityExtractor"),
        ("trigger", "running", None),
    ]


def test_red_flags_are_found_whatever_the_intent(tmp_path: Path, small_kb_path: Path) -> None:
    component = trained(tmp_path, small_kb_path)

    entities = entities_of(component, "crushing chest pain", intent={"name": "greet"})

    assert {"entity": "red_flag", "value": "chest_pain", "level": "emergency"}.items() <= (
        entities[0].items()
    )


def test_the_safety_engine_decides_whatever_the_intent(tmp_path: Path, small_kb_path: Path) -> None:
    component = trained(tmp_path, small_kb_path)
    flagged = "my calf swelled up after the flight and my knee aches"
    unflagged = "my knee aches after the flight"

    for intent in ("red_flag_symptom", "describe_pain"):
        found = entities_of(component, flagged, intent={"name": intent})
        assert [(e["entity"], e["value"]) for e in found] == [("red_flag", "possible_clot")]
    # The intent model's red flag alone keeps the zones: the action screens or triages.
    kept = entities_of(component, unflagged, intent={"name": "red_flag_symptom"})
    assert [e["value"] for e in kept] == ["knee"]


def test_training_without_a_built_knowledge_base_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="run `python -m bot kb build`"):
        trained(tmp_path, tmp_path / "missing.db")


def test_loading_an_untrained_resource_asks_for_training(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="retrain"):
        loaded(tmp_path)


def test_a_rebuilt_knowledge_base_changes_the_training_cache_key(
    tmp_path: Path, small_kb_path: Path
) -> None:
    config = {"kb_path": str(tmp_path / "kb.db")}
    shutil.copy(small_kb_path, tmp_path / "kb.db")
    before = TriageEntityExtractor.fingerprint_addon(config)
    (tmp_path / "kb.db").unlink()

    assert before != TriageEntityExtractor.fingerprint_addon(config)
    assert before == TriageEntityExtractor.fingerprint_addon({"kb_path": str(small_kb_path)})
