"""bot.nlu.red_flag_priority: a red-flag cue overrides whatever intent won."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.red_flag_priority import RedFlagPriority


def parsed(intent: str, entities: list[dict[str, object]]) -> Message:
    message = Message(data={"text": "hi can i book, crushing chest pain"})
    message.set("intent", {"name": intent, "confidence": 0.91})
    message.set(
        "intent_ranking",
        [{"name": intent, "confidence": 0.91}, {"name": "red_flag_symptom", "confidence": 0.05}],
    )
    message.set("entities", entities)
    return message


def test_a_red_flag_entity_makes_the_intent_red_flag_symptom() -> None:
    message = parsed("book_session", [{"entity": "red_flag", "value": "chest_pain"}])
    RedFlagPriority().process([message])
    assert message.get("intent") == {"name": "red_flag_symptom", "confidence": 1.0}
    assert message.get("intent_ranking") == [
        {"name": "red_flag_symptom", "confidence": 1.0},
        {"name": "book_session", "confidence": 0.91},
    ]


def test_without_a_red_flag_nothing_changes() -> None:
    message = parsed("describe_pain", [{"entity": "body_zone", "value": "calf"}])
    RedFlagPriority().process([message])
    assert message.get("intent") == {"name": "describe_pain", "confidence": 0.91}
    assert message.get("intent_ranking")[0]["name"] == "describe_pain"


def test_a_negated_red_flag_does_not_count() -> None:
    negated = {"entity": "red_flag", "value": "chest_pain", "role": "negated"}
    message = parsed("describe_pain", [negated, {"entity": "body_zone", "value": "shoulder"}])
    RedFlagPriority().process([message])
    assert message.get("intent") == {"name": "describe_pain", "confidence": 0.91}
