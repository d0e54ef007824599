"""bot.nlu.place_named: an unsure message that names a place is a pain described."""

from __future__ import annotations

from typing import Any

from bot.nlu.place_named import meant_intent


def heard(text: str, intent: str, confidence: float, zone: str) -> Any:
    """A message the classifier heard as `intent`, with one place found in it."""
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    message.set("entities", [{"entity": "body_zone", "value": zone}])
    return message


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

    unsure, small_talk, sure = parsed("nlu_fallback"), parsed("out_of_scope"), parsed("cancel")
    PlaceNamedPriority().process([unsure, small_talk, sure])
    assert unsure.get("intent") == {"name": "describe_pain", "confidence": 0.5}
    assert [entry["name"] for entry in unsure.get("intent_ranking")] == ["describe_pain"]
    assert small_talk.get("intent")["name"] == "describe_pain"
    assert sure.get("intent")["name"] == "cancel"


def test_a_cause_that_names_a_place_is_a_pain_described() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.place_named import PlaceNamedPriority

    def parsed(entities: list[dict[str, str]]) -> Message:
        message = Message(data={"text": "helped a mate move flat"})
        message.set("intent", {"name": "describe_cause", "confidence": 0.8})
        message.set("intent_ranking", [{"name": "describe_cause", "confidence": 0.8}])
        message.set("entities", entities)
        return message

    placed = parsed(
        [{"entity": "trigger", "value": "lifting"}, {"entity": "body_zone", "value": "low_back"}]
    )
    denied = parsed([{"entity": "body_zone", "value": "knee", "role": "negated"}])
    cause_only = parsed([{"entity": "trigger", "value": "lifting"}])
    PlaceNamedPriority().process([placed, denied, cause_only])
    assert placed.get("intent") == {"name": "describe_pain", "confidence": 0.8}
    assert denied.get("intent")["name"] == "describe_cause"
    assert cause_only.get("intent")["name"] == "describe_cause"


def test_a_business_question_heard_in_a_pain_stated_is_the_pain() -> None:
    from bot.nlu.place_named import PlaceNamedPriority

    def parsed(text: str) -> Any:
        return heard(text, "ask_pregnancy_massage", 0.5, "low_back")

    stated = parsed("I'm 26 weeks pregnant and my lower back aches by the evening")
    asked = parsed("26 weeks pregnant and my lower back aches, can you still massage me")
    marked = parsed("pregnant, lower back aches?")
    PlaceNamedPriority().process([stated, asked, marked])
    assert stated.get("intent")["name"] == "describe_pain"
    assert asked.get("intent")["name"] == "ask_pregnancy_massage"
    assert marked.get("intent")["name"] == "ask_pregnancy_massage"


def test_a_booking_heard_in_a_pain_story_with_no_word_of_booking_is_the_pain() -> None:
    from bot.nlu.place_named import PlaceNamedPriority

    def parsed(text: str) -> Any:
        return heard(text, "book_session", 0.6, "calf")

    story = parsed("did a 10k with my sister for charity and now my calf is at me")
    asks = parsed("could someone sort out my calf on saturday")
    booking = parsed("I'd like a massage for my calf")
    PlaceNamedPriority().process([story, asks, booking])
    assert story.get("intent") == {"name": "describe_pain", "confidence": 0.6}
    assert asks.get("intent")["name"] == "book_session"
    assert booking.get("intent")["name"] == "book_session"
