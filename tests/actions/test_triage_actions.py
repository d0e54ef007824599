"""Triage actions on the real knowledge base and domain: what they say and what they remember."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from actions import kb
from actions.safety import ActionDeny, ActionFallbackAnswer
from actions.triage import (
    ActionCareAnswer,
    ActionCareTips,
    ActionExplainCause,
    ActionExplainSources,
    ActionFindAndRelease,
    ActionStretches,
)
from bot.settings import Settings
from bot.triage import DISCLAIMER

Run = Callable[..., Awaitable[Any]]


def zone(value: str, role: str | None = None) -> dict[str, Any]:
    entity = {"entity": "body_zone", "value": value}
    return {**entity, "role": role} if role else entity


def trigger(value: str) -> dict[str, Any]:
    return {"entity": "trigger", "value": value}


def top(outcome: Any) -> list[str]:
    return [source["id"] for source in outcome.triage["sources"]]


async def test_temple_headache_names_the_upper_trapezius_first_time(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = tracker("my temples ache every afternoon", "describe_pain", [zone("temple")])
    outcome = await run(ActionExplainSources(), said)

    assert "upper_trapezius" in top(outcome)
    assert 2 <= len(top(outcome)) <= 3
    assert outcome.texts[0].endswith(DISCLAIMER)
    assert "• Upper trapezius" in outcome.text
    assert len(outcome.text.split()) <= 120
    # The pressing techniques come when asked, after the health question.
    assert "hold 30–90 seconds" not in outcome.text
    assert outcome.payloads == ["/ask_technique", "/ask_stretches", "/care_tips", "/book_session"]
    assert [item["id"] for item in outcome.triage["detail"]] == top(outcome)
    # the text with its buttons first, then the structured result on its own
    assert [bool(message["text"]) for message in outcome.messages] == [True, False]
    assert outcome.messages[1]["custom"]["triage"]["zones"] == ["temple"]
    assert outcome.triage["red_flag"] is None
    assert outcome.slots == {"body_zones": ["temple"], "triage_started": True}
    again = await run(
        ActionExplainSources(),
        tracker("my temples still ache", "describe_pain", [zone("temple")], outcome.slots),
    )
    assert DISCLAIMER not in again.text
    assert "upper_trapezius" in top(again)
    assert again.slots == {}


async def test_care_tips_ask_the_health_question_first_then_adapt(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {"body_zones": ["temple"], "triage_started": True}
    asked = await run(ActionCareTips(), tracker("care tips", "care_tips", slots=slots))
    assert "do any of these apply to you" in asked.text
    assert asked.payloads == [
        '/care_tips{"precaution": "pregnancy"}',
        '/care_tips{"precaution": "blood_thinners"}',
        "/deny",
    ]
    assert asked.triage["asked"] == "health"
    answered = tracker("none of those", "deny", slots=slots, events=asked.bot_events())
    outcome = await run(ActionDeny(), answered)
    assert "30–90 seconds" in outcome.text and "Where to press" in outcome.text
    assert outcome.slots["health_asked"] is True


async def test_a_condition_changes_the_advice_and_reaches_the_booking(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {"body_zones": ["calf"], "triage_started": True}
    asked = await run(ActionCareTips(), tracker("care tips", "care_tips", slots=slots))
    told = tracker(
        "I had a blood clot in my leg years ago", "describe_pain", slots=slots,
        events=asked.bot_events(),
    )  # fmt: skip
    outcome = await run(ActionExplainSources(), told)
    assert "30–90" not in outcome.text
    assert "leave your calves and legs out" in outcome.text
    assert outcome.slots["precautions"] == ["clot_history"]
    assert outcome.triage["precautions"] == ["clot_history"]
    button = [{"entity": "precaution", "value": "pregnancy"}]
    pregnant = await run(
        ActionCareTips(),
        tracker("/care_tips", "care_tips", button, slots={**slots, **outcome.slots}),
    )
    assert "on your side" in pregnant.text and "Gentle, steady pressure" in pregnant.text


async def test_a_condition_said_in_passing_is_remembered(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = tracker("I'm on warfarin and my lower back aches", "describe_pain", [zone("low_back")])
    outcome = await run(ActionExplainSources(), said)
    assert outcome.slots["precautions"] == ["blood_thinners"]


async def test_a_vague_leg_is_asked_about_then_explained(
    run: Run, tracker: Callable[..., Any]
) -> None:
    asked = await run(
        ActionExplainSources(), tracker("my leg hurts", "describe_pain", [zone("leg")])
    )
    assert "your leg" in asked.text
    assert asked.payloads == [
        '/describe_pain{"body_zone": "thigh"}',
        '/describe_pain{"body_zone": "knee"}',
        '/describe_pain{"body_zone": "lower_leg"}',
        '/describe_pain{"body_zone": "ankle"}',
        '/describe_pain{"body_zone": "foot"}',
    ]
    assert "Trigger points" not in asked.text and DISCLAIMER not in asked.text
    assert asked.triage["sources"] == [] and asked.triage["asked"] == "zone:leg"
    assert asked.slots == {"body_zones": ["leg"]}

    answer = tracker(
        "the calf mostly", "describe_pain", [zone("calf")], asked.slots, events=asked.bot_events()
    )
    answered = await run(ActionExplainSources(), answer)
    assert top(answered)[:2] == ["gastrocnemius", "soleus"]
    assert answered.texts[0].endswith(DISCLAIMER)
    assert answered.slots == {"body_zones": ["calf"], "triage_started": True}


async def test_a_typed_answer_naming_no_part_gets_the_whole_limb(
    run: Run, tracker: Callable[..., Any]
) -> None:
    asked = await run(
        ActionExplainSources(), tracker("my leg hurts", "describe_pain", [zone("leg")])
    )
    whole = tracker("all of it really", "nlu_fallback", [], asked.slots, events=asked.bot_events())
    outcome = await run(ActionFallbackAnswer(), whole)
    assert top(outcome), "the leg as a whole is explained"
    assert asked.texts[0] not in outcome.text


async def test_the_back_after_the_neck_is_the_back_of_the_neck(
    run: Run, tracker: Callable[..., Any]
) -> None:
    neck = await run(
        ActionExplainSources(), tracker("pain in my neck", "describe_pain", [zone("neck")])
    )
    assert top(neck) and neck.triage["offered"] == "neck"
    back = {"entity": "body_zone", "value": "low_back", "start": 4, "end": 8}
    said = tracker("the back", "describe_pain", [back], neck.slots, events=neck.bot_events())
    outcome = await run(ActionExplainSources(), said)
    assert outcome.slots["body_zones"] == ["back_of_neck"]


async def test_how_to_find_and_release_asks_the_health_question_once(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {"body_zones": ["temple"], "triage_started": True}
    asked = await run(
        ActionFindAndRelease(), tracker("how do i find it", "ask_technique", slots=slots)
    )
    assert asked.triage["asked"] == "health" and asked.triage["then"] == "technique"
    assert asked.payloads[0] == '/ask_technique{"precaution": "pregnancy"}'
    answered = tracker("none of those", "deny", slots=slots, events=asked.bot_events())
    outcome = await run(ActionDeny(), answered)
    assert "• Upper trapezius:" in outcome.text and "30–90 seconds" in outcome.text
    # Typed, and heard as another intent: still the answer to the question just asked.
    misheard = tracker("none of these", "ask_cause", slots=slots, events=asked.bot_events())
    assert (await run(ActionExplainCause(), misheard)).text == outcome.text
    stretched = await run(
        ActionStretches(), tracker("stretches", "ask_stretches", slots={**slots, **outcome.slots})
    )
    assert "• Upper trapezius:" in stretched.text and "30 seconds" in stretched.text


async def test_a_negated_knee_is_dropped_for_the_shin(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = tracker(
        "actually it's not my knee, it's my shin",
        "describe_pain",
        [zone("knee", "negated"), zone("shin")],
        {"body_zones": ["knee"], "triage_started": True},
    )
    outcome = await run(ActionExplainSources(), said)
    assert outcome.slots == {"body_zones": ["shin"]}
    assert outcome.text.startswith("Got it: not the knee.")
    assert top(outcome)[0] == "tibialis_anterior"
    assert all(source["zones"] == ["shin"] for source in outcome.triage["sources"])
    assert "rectus femoris" not in outcome.text


async def test_running_lifts_the_calf_muscles_for_calf_pain(
    run: Run, tracker: Callable[..., Any]
) -> None:
    first = await run(
        ActionExplainSources(),
        tracker(
            "my calf and the back of my knee ache",
            "describe_pain",
            [zone("calf"), zone("back_of_knee")],
        ),
    )
    rerun = await run(
        ActionExplainSources(),
        tracker(
            "and it's worse after my runs", "describe_cause", [trigger("running")], first.slots
        ),
    )
    assert rerun.slots == {"triggers": ["running"]}
    assert rerun.triage["zones"] == ["calf", "back_of_knee"]
    assert (first.triage["triggers"], rerun.triage["triggers"]) == ([], ["running"])

    # the whole ranking without and with running: each calf muscle running loads keeps
    # or improves its place and scores higher
    without = kb.referral_kb().sources_for(["calf", "back_of_knee"])
    with_running = kb.referral_kb().sources_for(["calf", "back_of_knee"], ["running"])
    before = {source.id: (place, source.score) for place, source in enumerate(without)}
    after = {source.id: (place, source.score) for place, source in enumerate(with_running)}
    for muscle in ("gastrocnemius", "soleus"):
        assert after[muscle][0] <= before[muscle][0]
        assert after[muscle][1] > before[muscle][1]

    # what the action names follows that ranking: the gastrocnemius first both times,
    # and with running the soleus among the likeliest sources, with the higher score
    assert top(first) == [source.id for source in without][: len(top(first))]
    assert top(rerun) == [source.id for source in with_running][: len(top(rerun))]
    assert top(first)[0] == top(rerun)[0] == "gastrocnemius"
    assert "soleus" in top(rerun)
    assert (first.triage["sources"][0]["score"], rerun.triage["sources"][0]["score"]) == (
        before["gastrocnemius"][1],
        after["gastrocnemius"][1],
    )
    assert "With running in the picture" in rerun.text
    assert "typically brought on by running" in rerun.text


async def test_the_cause_is_asked_once_then_explained(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {"body_zones": ["temple"], "triage_started": True}
    asked = await run(ActionExplainCause(), tracker("why does it hurt?", "ask_cause", [], slots))
    assert asked.text.startswith("What do you think brought it on?")
    causes = [payload for payload in asked.payloads if payload.startswith("/describe_cause")]
    assert 6 <= len(causes) <= 8
    assert '/describe_cause{"trigger": "desk_work"}' in causes
    assert asked.events == []

    history = asked.bot_events()
    again = await run(ActionExplainCause(), tracker("but why?", "ask_cause", [], slots, history))
    assert "What do you think brought it on?" not in again.text
    assert not any(payload.startswith("/describe_cause") for payload in again.payloads)

    answered = await run(
        ActionExplainSources(),
        tracker(
            '/describe_cause{"trigger": "desk_work"}',
            "describe_cause",
            [trigger("desk_work")],
            slots,
            history,
        ),
    )
    assert "How desk and computer work can set them off" in answered.text
    assert "screen" in answered.text
    assert "often loads the upper trapezius" in answered.text
    assert answered.slots == {"triggers": ["desk_work"]}


async def test_a_cause_with_no_zone_is_explained_and_the_place_asked(
    run: Run, tracker: Callable[..., Any]
) -> None:
    outcome = await run(
        ActionExplainSources(),
        tracker("I sit at a desk all day", "describe_cause", [trigger("desk_work")]),
    )
    assert "Desk work holds the same muscles" in outcome.text
    assert "Where do you feel the pain?" in outcome.text
    assert outcome.slots == {"triggers": ["desk_work"], "triage_started": True}


async def test_care_tips_name_each_muscles_stretch(run: Run, tracker: Callable[..., Any]) -> None:
    slots = {"body_zones": ["temple"], "triage_started": True, "health_asked": True}
    outcome = await run(ActionCareTips(), tracker("care tips", "care_tips", [], slots))
    assert "Warmth rather than cold" in outcome.text
    assert "30–90 seconds" in outcome.text and "24–48 hours" in outcome.text
    assert "tip your ear towards the opposite shoulder" in outcome.text  # upper trapezius
    assert outcome.payloads == ["/ask_cause", "/book_session"]
    assert "stay on the soft muscle" in outcome.text  # care.yml's self-treatment safety
    assert "Massage in pregnancy" not in outcome.text and "midwife" not in outcome.text
    assert "upper_trapezius" in top(outcome)
    assert outcome.events == []


async def test_a_missing_knowledge_base_gets_an_apology(
    run: Run,
    tracker: Callable[..., Any],
    configure: Callable[[Mapping[str, str]], Settings],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    configure(
        {"BOT_KB_PATH": str(tmp_path / "missing.db"), "BOT_BOOKING_URL": "https://b.example/"}
    )
    with caplog.at_level(logging.ERROR):
        for action, intent in (
            (ActionExplainSources(), "describe_pain"),
            (ActionExplainCause(), "ask_cause"),
            (ActionCareTips(), "care_tips"),
        ):
            outcome = await run(action, tracker("my calf hurts", intent, [zone("calf")]))
            assert outcome.text.startswith("Sorry")
            assert "https://b.example/" in outcome.text
            assert outcome.events == []
    assert "action_explain_sources failed" in caplog.text


async def test_a_care_question_naming_a_site_that_can_hide_something_is_screened_first(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = tracker("my chest is tight, heat or ice?", "care_heat_or_cold", [zone("chest")])
    screened = await run(ActionCareAnswer(), said)
    assert screened.triage["asked"].startswith("screen:")
    plain = await run(ActionCareAnswer(), tracker("heat or ice?", "care_heat_or_cold"))
    assert [message["response"] for message in plain.messages] == ["utter_care_heat_or_cold"]


async def test_a_pain_stated_and_heard_as_a_care_question_is_triaged(
    run: Run, tracker: Callable[..., Any]
) -> None:
    outcome = await run(ActionCareAnswer(), tracker("it hurts", "care_why_pain_is_elsewhere"))
    assert outcome.triage["asked"] == "where"


async def test_how_pain_here_can_come_from_there_explains_where_it_is_felt(
    run: Run, tracker: Callable[..., Any]
) -> None:
    text = "how can the ache in my knee come from my thigh muscles"
    knee, thigh = text.index("knee"), text.index("thigh")
    entities = [
        {**zone("knee"), "start": knee, "end": knee + 4},
        {**zone("thigh"), "start": thigh, "end": thigh + 5},
    ]
    outcome = await run(ActionCareAnswer(), tracker(text, "care_why_pain_is_elsewhere", entities))
    assert outcome.messages[0]["response"] == "utter_referred_pain_in_short"
    assert outcome.triage["zones"] == ["knee"]
    assert {"rectus_femoris", "vastus_medialis"} & set(top(outcome))
    general = await run(
        ActionCareAnswer(), tracker("why does pain travel", "care_why_pain_is_elsewhere")
    )
    assert [m["response"] for m in general.messages] == ["utter_care_why_pain_is_elsewhere"]
