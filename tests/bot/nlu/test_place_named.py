"""bot.nlu.place_named: an unsure message that names a place is a pain described."""

from __future__ import annotations

from bot.nlu.place_named import meant_intent


def test_an_asserted_place_is_a_pain_a_trigger_alone_a_cause() -> None:
    assert meant_intent([{"entity": "body_zone", "value": "neck"}]) == "describe_pain"
    assert meant_intent([{"entity": "trigger", "value": "desk_work"}]) == "describe_cause"
    denied = [{"entity": "body_zone", "value": "knee", "role": "negated"}]
    assert meant_intent(denied) is None
    assert meant_intent([{"entity": "side", "value": "left"}]) is None


def test_only_a_fallback_or_small_talk_is_replaced() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.place_named import PlaceNamedPriority

    def parsed(intent: str) -> Message:
        message = Message(data={"text": "my nek is killing me"})
        message.set("intent", {"name": intent, "confidence": 0.4})
        message.set("intent_ranking", [{"name": "describe_pain", "confidence": 0.4}])
        message.set("entities", [{"entity": "body_zone", "value": "neck"}])
        return message

    unsure, small_talk, sure = parsed("nlu_fallback"), parsed("out_of_scope"), parsed("ask_price")
    PlaceNamedPriority().process([unsure, small_talk, sure])
    assert unsure.get("intent") == {"name": "describe_pain", "confidence": 0.5}
    assert [entry["name"] for entry in unsure.get("intent_ranking")] == ["describe_pain"]
    assert small_talk.get("intent")["name"] == "describe_pain"
    assert sure.get("intent")["name"] == "ask_price"
