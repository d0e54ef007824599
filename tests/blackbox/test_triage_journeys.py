"""More triage conversations over REST, written as a person would write them.

Each asserts what the replies must say and what they must not: the likely sources from
the knowledge base, the structured payload the widget and booking funnel read, the
disclaimer once, and medical care instead of muscles whenever a red flag is raised.
"""

from __future__ import annotations

import json

import pytest
from replies import (
    buttons_of,
    conversation,
    muscles_named,
    source_ids,
    text_of,
    triage_of,
)
from stack import Assistant

pytestmark = pytest.mark.blackbox

QUADRICEPS = {"rectus_femoris", "vastus_medialis", "vastus_lateralis", "vastus_intermedius"}


def test_outer_thigh_names_gluteus_minimus(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "aching down the outside of my thigh when i walk")
    assert "gluteus minimus" in text_of(replies).lower()
    assert triage_of(replies)["zones"] == ["outer_thigh"]


def test_knee_pain_points_to_the_quadriceps(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "the front of my knee aches going down stairs")
    assert QUADRICEPS & set(source_ids(replies)[:3])
    text = text_of(replies).lower()
    assert "often" in text or "likely" in text
    assert "diagnos" in text  # the guidance-not-diagnosis note on the first triage reply


def test_sources_carry_id_name_score_zones_and_why(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "my jaw aches by the end of a stressful day")
    triage = triage_of(replies)
    assert 2 <= len(triage["sources"]) <= 3
    for source in triage["sources"]:
        assert {"id", "name", "score", "zones", "why"} <= set(source)
        assert source["why"] and source["score"] > 0
    assert triage["sources"][0]["id"] in ("masseter", "medial_pterygoid", "temporalis")
    assert triage["side"] is None and triage["triggers"] == ["stress"]


def test_two_zones_in_one_message_are_both_kept(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "my neck and the back of my head are killing me")
    zones = triage_of(replies)["zones"]
    assert "back_of_head" in zones and any(zone.endswith("neck") for zone in zones)


def test_left_side_is_remembered_and_reported(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "sharp ache under my left shoulder blade")
    triage = triage_of(replies)
    assert triage["side"] == "left"
    assert "left" in text_of(replies).lower()


def test_both_calves_after_running(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "both my calves are tight after my runs")
    triage = triage_of(replies)
    assert triage["zones"] == ["calf"] and triage["side"] == "both"
    assert triage["triggers"] == ["running"]
    assert source_ids(replies)[0] in ("gastrocnemius", "soleus")


def test_a_typo_still_finds_the_zone(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "pain round my shouldr blade")
    assert triage_of(replies)["zones"] == ["shoulder_blade"]
    assert muscles_named(text_of(replies))


def test_a_job_is_read_as_what_brought_it_on(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "i'm a plasterer and the top of my shoulders ache")
    triage = triage_of(replies)
    assert triage["triggers"] == ["overhead_work"]
    assert triage["sources"]


def test_a_trigger_without_a_place_asks_where_it_hurts(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "i drive a lorry all day")
    text = text_of(replies).lower()
    assert "where" in text
    assert triage_of(replies)["sources"] == []
    assert triage_of(replies)["triggers"] == ["driving"]


def test_a_headache_is_answered_at_once_then_narrowed_in_words(assistant: Assistant) -> None:
    user = conversation()
    replies = assistant.say(user, "my head hurts")
    assert muscles_named(text_of(replies)), "the usual head-and-neck sources, at once"
    assert triage_of(replies)["offered"] == "head"
    answer = assistant.say(user, "mostly the sides, at the temples")
    assert "upper trapezius" in text_of(answer).lower()
    assert triage_of(answer)["zones"] == ["temple"]


def test_a_vague_start_answered_in_words(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my leg is sore")
    replies = assistant.say(user, "mostly at the back of the thigh")
    assert "back_of_thigh" in triage_of(replies)["zones"]
    assert muscles_named(text_of(replies))


def test_a_correction_replaces_the_zone(assistant: Assistant) -> None:
    user = conversation()
    first = assistant.say(user, "my knee aches")
    assert triage_of(first)["zones"] == ["knee"]
    replies = assistant.say(user, "sorry, not the knee, it's my shin")
    assert triage_of(replies)["zones"] == ["shin"]
    assert source_ids(replies)[0] == "tibialis_anterior"


def test_the_disclaimer_comes_once(assistant: Assistant) -> None:
    user = conversation()
    assert "not a diagnosis" in text_of(assistant.say(user, "my temples ache"))
    second = text_of(assistant.say(user, "and it's worse when i'm stressed"))
    assert "not a diagnosis" not in second


def test_what_causes_it_asks_once_with_buttons(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my lower back aches")
    replies = assistant.say(user, "what causes this?")
    titles = [button["title"] for button in buttons_of(replies)]
    assert "Desk work" in titles and "Stress" in titles
    tapped = next(b["payload"] for b in buttons_of(replies) if b["title"] == "Desk work")
    answer = text_of(assistant.say(user, tapped)).lower()
    assert "break" in answer or "screen" in answer or "sitting" in answer


def test_care_tips_say_heat_pressure_and_stretch_after(assistant: Assistant) -> None:
    user = conversation()
    first = assistant.say(user, "pain down the outside of my thigh")
    tips_button = next(b for b in buttons_of(first) if b["title"] == "Care tips")
    asked = assistant.say(user, tips_button["payload"])
    assert "do any of these apply to you" in text_of(asked)  # the health question, once
    none = next(b for b in buttons_of(asked) if b["title"] == "None of these")
    text = text_of(assistant.say(user, none["payload"])).lower()
    assert "warm" in text and "cold" in text
    assert "where to press" in text
    assert "30–90 seconds" in text
    assert "then stretch" in text
    assert "24–48 hours" in text


@pytest.mark.parametrize(
    ("question", "must_say"),
    [
        ("how long should i press on the knot for", "90"),
        ("should i stretch before or after pressing", "after"),
        ("why do these knots keep coming back", "posture"),
        ("is it normal to be sore the day after a massage", "48"),
    ],
)
def test_care_questions_are_answered_mid_triage(
    assistant: Assistant, question: str, must_say: str
) -> None:
    user = conversation()
    assistant.say(user, "my upper back aches between my shoulder blades")
    text = text_of(assistant.say(user, question))
    assert must_say in text.lower()
    assert muscles_named(text) == [] or "rhomboid" in text.lower()


def test_a_red_flag_mid_conversation_stops_triage(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my neck aches after work")
    replies = assistant.say(user, "and now i've got chest pain and feel sick")
    text = text_of(replies)
    assert "999" in text
    assert muscles_named(text) == []
    triage = triage_of(replies)
    assert triage["sources"] == []
    assert triage["red_flag"] is not None and triage["red_flag"]["level"] == "emergency"


def test_a_red_flag_named_with_a_zone_names_no_muscle(assistant: Assistant) -> None:
    replies = assistant.say(
        conversation(), "my face suddenly drooped on one side and my arm is weak"
    )
    text = text_of(replies)
    assert "999" in text
    assert muscles_named(text) == []


def test_a_denied_red_flag_does_not_stop_triage(assistant: Assistant) -> None:
    message = "no chest pain or anything, just an ache between my shoulder blades"
    replies = assistant.say(conversation(), message)
    text = text_of(replies)
    assert "999" not in text
    assert triage_of(replies)["red_flag"] is None
    assert "rhomboids" in source_ids(replies)


def test_out_of_scope_gets_a_polite_redirect(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "what's the weather doing tomorrow")
    text = text_of(replies).lower()
    assert text
    assert muscles_named(text) == []
    assert "pain" in text or "hurt" in text


def test_goodbye_mid_triage_ends_kindly(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my calf is tight")
    text = text_of(assistant.say(user, "ok thanks, bye"))
    assert text.startswith(("Take care", "Goodbye", "You're welcome"))


def test_buttons_carry_intent_payloads_the_widget_can_send(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "my temples ache")
    for button in buttons_of(replies):
        payload = button["payload"]
        assert payload.startswith("/"), payload
        if "{" in payload:
            json.loads(payload[payload.index("{") :])


def test_a_hot_swollen_calf_gets_the_clot_advice_by_name(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my calf has been tight after running")
    replies = assistant.say(user, "now my calf is hot, red and swollen")
    text = text_of(replies)
    assert "111" in text and "clot" in text
    assert triage_of(replies)["red_flag"] == {"id": "dvt_calf", "level": "urgent"}
    assert muscles_named(text) == []
