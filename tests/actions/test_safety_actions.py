"""action_red_flag: the right level of care, no muscles, no booking."""

from __future__ import annotations

import csv
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from actions.safety import ActionAffirm, ActionDeny, ActionFallbackAnswer, ActionRedFlag
from actions.triage import ActionExplainSources
from bot.settings import PROJECT_ROOT, Settings

Run = Callable[..., Awaitable[Any]]


@pytest.fixture(scope="module")
def muscle_names() -> list[str]:
    """Every muscle name in the curated data, as it would read in a sentence."""
    with (PROJECT_ROOT / "data" / "kb" / "muscles.csv").open(encoding="utf-8") as file:
        return [re.sub(r"\s*\(.*\)", "", row["name"]).lower() for row in csv.DictReader(file)]


def flag(value: str) -> dict[str, Any]:
    return {"entity": "red_flag", "value": value}


@pytest.mark.parametrize(
    ("red_flag", "service"),
    [("chest_pain", "999"), ("dvt_calf", "NHS 111"), ("persistent_pins_and_needles", "GP")],
)
async def test_each_level_sends_to_its_service(
    run: Run,
    tracker: Callable[..., Any],
    muscle_names: list[str],
    red_flag: str,
    service: str,
) -> None:
    said = tracker(
        "it hurts",
        "red_flag_symptom",
        [{"entity": "body_zone", "value": "calf"}, flag(red_flag)],
        {"body_zones": ["calf"], "triage_started": True},
    )
    outcome = await run(ActionRedFlag(), said)
    assert service in outcome.texts[0]
    assert outcome.buttons == []
    assert not [name for name in muscle_names if name in outcome.text.lower()]
    assert outcome.triage["sources"] == []
    assert outcome.triage["red_flag"]["id"] == red_flag
    assert outcome.slots == {"red_flag": red_flag}


async def test_the_text_is_read_when_there_is_no_entity(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = tracker("I've got crushing chest pain and feel sick", "red_flag_symptom")
    outcome = await run(ActionRedFlag(), said)
    assert "999" in outcome.text
    assert outcome.slots == {"red_flag": "chest_pain"}
    assert outcome.triage["red_flag"] == {"id": "chest_pain", "level": "emergency"}


async def test_an_unrecognised_concern_gets_a_safety_net_and_a_question(
    run: Run, tracker: Callable[..., Any]
) -> None:
    outcome = await run(ActionRedFlag(), tracker("something feels very wrong", "red_flag_symptom"))
    assert "999" in outcome.text and "NHS 111" in outcome.text
    assert "Where do you feel the pain?" in outcome.text
    assert "red_flag" not in outcome.slots  # the intent model alone does not block booking


async def test_a_missing_knowledge_base_still_sends_to_care(
    run: Run,
    tracker: Callable[..., Any],
    configure: Callable[[Mapping[str, str]], Settings],
    tmp_path: Path,
) -> None:
    configure({"BOT_KB_PATH": str(tmp_path / "missing.db")})
    outcome = await run(
        ActionRedFlag(),
        tracker("my calf is hot and swollen", "red_flag_symptom", [flag("dvt_calf")]),
    )
    assert "999" in outcome.text and "NHS 111" in outcome.text
    assert outcome.buttons == []
    assert outcome.slots == {"red_flag": "dvt_calf"}


async def test_a_chest_pain_is_screened_before_any_muscle(
    run: Run, tracker: Callable[..., Any], muscle_names: list[str]
) -> None:
    said = tracker("my chest hurts", "describe_pain", [{"entity": "body_zone", "value": "chest"}])
    outcome = await run(ActionExplainSources(), said)
    assert "safety check" in outcome.text
    assert outcome.payloads == ["/affirm", "/deny"]
    assert not [name for name in muscle_names if name in outcome.text.lower()]
    assert outcome.triage["asked"] == "screen:chest"
    assert outcome.slots["body_zones"] == ["chest"]


async def test_no_to_the_screening_question_explains_the_chest(
    run: Run, tracker: Callable[..., Any]
) -> None:
    breastbone = [{"entity": "body_zone", "value": "breastbone"}]
    asked = await run(
        ActionExplainSources(), tracker("my breastbone hurts", "describe_pain", breastbone)
    )
    assert "safety check" in asked.text
    answer = tracker("no", "deny", slots={"body_zones": ["breastbone"]}, events=asked.bot_events())
    outcome = await run(ActionDeny(), answer)
    assert "999" not in outcome.text
    assert outcome.triage["sources"]
    assert outcome.slots["screened"] == ["chest"]


async def test_yes_to_the_screening_question_is_an_emergency(
    run: Run, tracker: Callable[..., Any]
) -> None:
    asked = await run(
        ActionExplainSources(),
        tracker("my chest hurts", "describe_pain", [{"entity": "body_zone", "value": "chest"}]),
    )
    answer = tracker("yes", "affirm", slots={"body_zones": ["chest"]}, events=asked.bot_events())
    outcome = await run(ActionAffirm(), answer)
    assert "999" in outcome.text
    assert outcome.slots["red_flag"] == "chest_pain"


async def test_yes_and_no_with_nothing_pending_are_short_replies(
    run: Run, tracker: Callable[..., Any]
) -> None:
    yes = await run(ActionAffirm(), tracker("yes", "affirm"))
    no = await run(ActionDeny(), tracker("no", "deny"))
    assert yes.messages[0]["response"] == "utter_anything_else"
    assert no.messages[0]["response"] == "utter_no_problem"


async def test_a_crisis_gets_the_crisis_lines_and_stays_gentle(
    run: Run, tracker: Callable[..., Any], muscle_names: list[str]
) -> None:
    said = tracker("my neck is agony and I keep thinking about ending my life", "describe_pain")
    outcome = await run(ActionExplainSources(), said)
    for route in ("116 123", "85258", "999", "111"):
        assert route in outcome.text
    assert not [name for name in muscle_names if name in outcome.text.lower()]
    assert outcome.slots["red_flag"] == "self_harm"
    later = tracker(
        "the back of my neck is stiff", "describe_pain",
        [{"entity": "body_zone", "value": "back_of_neck"}],
        {"red_flag": "self_harm"},
    )  # fmt: skip
    gentle = await run(ActionExplainSources(), later)
    assert "Samaritans" in gentle.text
    assert "/book_session" not in gentle.payloads


async def test_an_unplaced_typed_answer_is_read_against_the_question(
    run: Run, tracker: Callable[..., Any]
) -> None:
    breastbone = [{"entity": "body_zone", "value": "breastbone"}]
    asked = await run(
        ActionExplainSources(), tracker("my breastbone aches", "describe_pain", breastbone)
    )
    slots = {"body_zones": ["breastbone"]}
    yes = tracker("yeah a bit", "nlu_fallback", slots=slots, events=asked.bot_events())
    assert "999" in (await run(ActionFallbackAnswer(), yes)).text
    no = tracker("nope none of that", "nlu_fallback", slots=slots, events=asked.bot_events())
    cleared = await run(ActionFallbackAnswer(), no)
    assert "999" not in cleared.text and cleared.triage["sources"]
    lost = await run(ActionFallbackAnswer(), tracker("banana", "nlu_fallback"))
    assert lost.messages[0]["response"] == "utter_default"


async def test_an_unplaced_message_that_names_a_place_is_explained(
    run: Run, tracker: Callable[..., Any]
) -> None:
    hips = [{"entity": "body_zone", "value": "hip"}]
    said = tracker("33 wks and my hips ache at night, can i still have one", "nlu_fallback", hips)
    outcome = await run(ActionFallbackAnswer(), said)
    assert outcome.triage["zones"] == ["hip"]
    assert outcome.triage["red_flag"] is None
    assert outcome.slots["precautions"] == ["pregnancy"]
