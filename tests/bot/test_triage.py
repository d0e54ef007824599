"""bot.triage: remembering what was said, and the replies built from the knowledge base."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.kb import builder
from bot.kb.query import ReferralKB
from bot.triage import (
    CAUSE_QUESTION,
    DISCLAIMER,
    Button,
    Mentions,
    Reply,
    TriageState,
    already_asked,
    care_tips,
    explain_cause,
    explain_sources,
    find_and_release,
    intent_payload,
    last_asked,
    red_flag_turn,
    remember,
    unavailable,
)
from tests.bot.kb.conftest import FILES, write_data

SMALL_KB_MUSCLES = {
    "Upper trapezius",
    "Levator scapulae",
    "Temporalis",
    "Masseter",
    "Piriformis",
    "Gluteus minimus",
    "Gastrocnemius",
    "Soleus",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> ReferralKB:
    """The small knowledge base of tests/bot/kb (eight muscles, a few zones)."""
    base = tmp_path_factory.mktemp("triage-kb")
    db_path = base / "kb.db"
    builder.build(write_data(base / "data", FILES), db_path)
    return ReferralKB(db_path)


def source_ids(reply: Reply) -> list[str]:
    assert reply.custom is not None
    return [source["id"] for source in reply.custom["triage"]["sources"]]


def names_a_muscle(text: str) -> bool:
    return any(name.lower() in text.lower() for name in SMALL_KB_MUSCLES)


# Mentions and state


def test_mentions_read_entities_in_order_with_negation_and_side() -> None:
    said = Mentions.from_entities(
        [
            {"entity": "body_zone", "value": "calf"},
            {"entity": "body_zone", "value": "knee", "role": "negated"},
            {"entity": "side", "value": "left"},
            {"entity": "side", "value": "sideways"},
            {"entity": "trigger", "value": "running"},
            {"entity": "trigger", "value": "running"},
            {"entity": "red_flag", "value": "possible_clot"},
            {"entity": "red_flag", "value": "chest_pain", "role": "negated"},
            {"entity": "body_zone", "value": None},
        ]
    )
    assert said == Mentions(
        zones=("calf",),
        negated_zones=("knee",),
        side="left",
        triggers=("running",),
        red_flags=("possible_clot",),
    )


def test_a_denied_cause_or_side_is_not_taken() -> None:
    said = Mentions.from_entities(
        [
            {"entity": "trigger", "value": "acute_injury", "role": "negated"},
            {"entity": "body_zone", "value": "neck"},
            {"entity": "side", "value": "right", "role": "negated"},
            {"entity": "trigger", "value": "desk_work"},
        ]
    )
    assert said.triggers == ("desk_work",)
    assert said.side is None


def test_state_reads_and_writes_the_slots() -> None:
    slots = {
        "body_zones": ["temple"],
        "side": "right",
        "triggers": ["desk_work"],
        "red_flag": None,
        "triage_started": True,
        "screened": ["chest"],
        "precautions": ["pregnancy"],
        "health_asked": True,
    }
    state = TriageState.from_slots(slots)
    assert state == TriageState(
        ("temple",), "right", ("desk_work",), None, True, ("chest",), ("pregnancy",), True
    )
    assert state.as_slots() == slots
    assert TriageState.from_slots({}) == TriageState()
    assert TriageState.from_slots({"body_zones": "temple", "side": "up"}) == TriageState()
    assert TriageState(("calf",), started=True).changed_slots(slots) == {
        "body_zones": ["calf"],
        "side": None,
        "triggers": [],
        "screened": [],
        "precautions": [],
        "health_asked": False,
    }


@pytest.mark.parametrize(
    ("before", "said", "after"),
    [
        # new zones first, most recent first, at most three
        (TriageState(("jaw",)), Mentions(zones=("calf",)), ("calf", "jaw")),
        (
            TriageState(("jaw", "neck", "temple")),
            Mentions(zones=("calf",)),
            ("calf", "jaw", "neck"),
        ),
        # a negated zone is forgotten, with the zones inside it
        (TriageState(("temple", "calf")), Mentions(negated_zones=("head",)), ("calf",)),
        (
            TriageState(("outer_thigh",)),
            Mentions(zones=("calf",), negated_zones=("outer_thigh",)),
            ("calf",),
        ),
        # a sub-zone answers the vague zone it is in; a broader zone adds nothing
        (TriageState(("leg", "jaw")), Mentions(zones=("calf",)), ("calf", "jaw")),
        (TriageState(("calf",)), Mentions(zones=("leg",)), ("calf",)),
        # unknown ids are dropped
        (TriageState(("elbow", "jaw")), Mentions(zones=("ankle",)), ("jaw",)),
    ],
)
def test_remember_combines_and_corrects_zones(
    kb: ReferralKB, before: TriageState, said: Mentions, after: tuple[str, ...]
) -> None:
    assert remember(kb, before, said).zones == after


def test_remember_keeps_the_latest_side_and_every_trigger(kb: ReferralKB) -> None:
    state = TriageState(side="left", triggers=("desk_work",))
    state = remember(kb, state, Mentions(triggers=("running", "desk_work", "skydiving")))
    assert (state.side, state.triggers) == ("left", ("desk_work", "running"))
    assert remember(kb, state, Mentions(side="both")).side == "both"


def test_intent_payload_is_rasa_button_syntax() -> None:
    assert intent_payload("care_tips") == "/care_tips"
    payload = intent_payload("describe_pain", {"body_zone": "temple"})
    assert payload == '/describe_pain{"body_zone": "temple"}'
    assert json.loads(payload.removeprefix("/describe_pain")) == {"body_zone": "temple"}


def test_reply_messages_put_text_and_buttons_before_the_custom_payload() -> None:
    reply = Reply(
        "Hello",
        (Button("Care tips", "/care_tips"), Button.link("Book", "https://x.example/b")),
        {"triage": {}},
    )
    assert reply.messages() == [
        {
            "text": "Hello",
            "buttons": [
                {"title": "Care tips", "payload": "/care_tips"},
                {
                    "title": "Book",
                    "payload": "https://x.example/b",
                    "url": "https://x.example/b",
                    "type": "web_url",
                },
            ],
        },
        {"json_message": {"triage": {}}},
    ]


# Explaining the sources


def test_a_named_zone_is_explained_at_once_briefly_with_the_disclaimer(kb: ReferralKB) -> None:
    turn = explain_sources(kb, TriageState(), Mentions(zones=("temple",)))
    text = turn.reply.text
    assert text.endswith(DISCLAIMER)
    assert source_ids(turn.reply)[:2] == ["upper_trapezius", "temporalis"]
    assert "• Upper trapezius (along the top of the shoulder)\n" in text
    # Finding, pressing and stretching come when asked, with the health question first.
    assert "Pressing it" not in text and "pinch" not in text
    assert [button.payload for button in turn.reply.buttons] == [
        "/ask_technique",
        "/ask_stretches",
        "/care_tips",
        "/book_session",
    ]
    assert turn.state == TriageState(zones=("temple",), started=True)
    asked = find_and_release(kb, turn.state, Mentions())
    assert "do any of these apply to you" in asked.reply.text
    assert asked.reply.custom is not None
    assert asked.reply.custom["triage"]["then"] == "technique"
    assert [button.payload for button in asked.reply.buttons][-1] == "/deny"
    answered = replace(turn.state, health_asked=True)
    technique = find_and_release(kb, answered, Mentions())
    assert DISCLAIMER not in technique.reply.text
    assert "• Upper trapezius: pinch and hold 30-90 s." in technique.reply.text
    assert [button.payload for button in technique.reply.buttons] == [
        "/ask_stretches",
        "/care_tips",
        "/book_session",
    ]


def test_the_first_answer_carries_the_detail_for_the_card(kb: ReferralKB) -> None:
    turn = explain_sources(kb, TriageState(health_asked=True), Mentions(zones=("temple",)))
    assert turn.reply.custom is not None
    detail = turn.reply.custom["triage"]["detail"]
    assert [item["id"] for item in detail] == source_ids(turn.reply)
    assert detail[0]["technique"] == "Pinch and hold 30-90 s."
    assert detail[0]["references"] and all("citation" in ref for ref in detail[0]["references"])


def test_a_condition_keeps_pressing_off_its_zones(kb: ReferralKB) -> None:
    state = TriageState(started=True, health_asked=True, precautions=("clot_history",))
    turn = find_and_release(kb, state, Mentions(zones=("calf",)))
    assert "Pressing it" not in turn.reply.text and "• " not in turn.reply.text
    assert "Leave the calves out." in turn.reply.text
    first = explain_sources(kb, state, Mentions(zones=("calf",)))
    assert "technique" not in first.reply.custom["triage"]["detail"][0]  # type: ignore[index]


def test_the_structured_result_rides_along(kb: ReferralKB) -> None:
    turn = explain_sources(kb, TriageState(), Mentions(zones=("temple",), side="left"))
    assert turn.reply.custom is not None
    triage = turn.reply.custom["triage"]
    assert (triage["zones"], triage["side"], triage["triggers"]) == (["temple"], "left", [])
    assert triage["red_flag"] is None
    assert triage["sources"][0] == {
        "id": "upper_trapezius",
        "name": "Upper trapezius",
        "score": 1.0,
        "zones": ["temple"],
        "why": "Trigger points in the upper trapezius, along the top of the shoulder, "
        "often send pain to the temple.",
    }


def test_a_third_source_is_named_only_if_it_explains_about_as_well(
    kb: ReferralKB, tmp_path: Path
) -> None:
    # calf: gastrocnemius and soleus primary (1.0), gluteus minimus spill-over (0.5): kept
    turn = explain_sources(kb, TriageState(), Mentions(zones=("calf",)))
    assert source_ids(turn.reply) == ["gastrocnemius", "soleus", "gluteus_minimus"]
    # outer thigh: two primaries, and piriformis only through a spill-over to the leg (0.25)
    referrals = FILES["referrals.csv"] + (
        "soleus,outer_thigh,primary,davies,\npiriformis,leg,spillover,davies,\n"
    )
    db_path = tmp_path / "kb.db"
    builder.build(write_data(tmp_path / "data", {**FILES, "referrals.csv": referrals}), db_path)
    wider = ReferralKB(db_path)
    assert [source.id for source in wider.sources_for(["outer_thigh"])][2] == "piriformis"
    turn = explain_sources(wider, TriageState(), Mentions(zones=("outer_thigh",)))
    assert source_ids(turn.reply) == ["gluteus_minimus", "soleus"]


def test_a_whole_limb_is_asked_about_before_anything_is_named(kb: ReferralKB) -> None:
    turn = explain_sources(kb, TriageState(), Mentions(zones=("leg",)))
    assert "your leg" in turn.reply.text
    assert not names_a_muscle(turn.reply.text)
    assert DISCLAIMER not in turn.reply.text
    assert [(button.title, button.payload) for button in turn.reply.buttons] == [
        ("Back of thigh", '/describe_pain{"body_zone": "back_of_thigh"}'),
        ("Outer thigh", '/describe_pain{"body_zone": "outer_thigh"}'),
        ("Calf", '/describe_pain{"body_zone": "calf"}'),
    ]
    assert source_ids(turn.reply) == []
    assert turn.state == TriageState(zones=("leg",))
    assert turn.reply.custom is not None and turn.reply.custom["triage"]["asked"] == "zone:leg"

    answered = explain_sources(kb, turn.state, Mentions(zones=("calf",)), "zone:leg")
    assert answered.state.zones == ("calf",)
    assert source_ids(answered.reply)[:2] == ["gastrocnemius", "soleus"]
    assert answered.reply.text.endswith(DISCLAIMER)


def test_an_answer_naming_no_part_is_answered_for_the_whole_limb(kb: ReferralKB) -> None:
    asked = explain_sources(kb, TriageState(), Mentions(zones=("leg",)))
    whole = explain_sources(kb, asked.state, Mentions(), "zone:leg")
    assert source_ids(whole.reply), "the leg as a whole is explained"
    assert whole.reply.text != asked.reply.text
    # Asked once in the conversation: naming the leg again later is answered, not re-asked.
    later = explain_sources(kb, TriageState(), Mentions(zones=("leg",)), asked={"zone:leg"})
    assert source_ids(later.reply)


def test_a_broad_zone_is_answered_with_an_offer_to_narrow_it_down(kb: ReferralKB) -> None:
    broad = next(zone for zone in kb.zones() if kb.children(zone.id) and zone.id != "leg")
    turn = explain_sources(kb, TriageState(), Mentions(zones=(broad.id,)))
    assert source_ids(turn.reply)
    assert turn.reply.custom is not None and turn.reply.custom["triage"]["offered"] == broad.id
    assert "narrow it down" in turn.reply.text or "more precise" in turn.reply.text


def test_a_trigger_re_ranks_what_was_said_briefly(kb: ReferralKB) -> None:
    first = explain_sources(kb, TriageState(), Mentions(zones=("temple",)))
    turn = explain_sources(kb, first.state, Mentions(triggers=("desk_work",)))
    assert source_ids(turn.reply)[0] == "upper_trapezius"
    assert "With desk work in the picture" in turn.reply.text
    assert "Pressing it" not in turn.reply.text
    assert turn.state.triggers == ("desk_work",)


def test_answering_the_cause_question_explains_the_cause(kb: ReferralKB) -> None:
    state = TriageState(zones=("calf",), started=True)
    turn = explain_sources(kb, state, Mentions(triggers=("running",)), answering=CAUSE_QUESTION)
    assert "Repeated push-off loads the calf." in turn.reply.text
    assert "Build mileage slowly." in turn.reply.text
    assert "running often loads the gastrocnemius and soleus" in turn.reply.text


def test_a_trigger_without_a_zone_is_explained_and_the_place_asked(kb: ReferralKB) -> None:
    turn = explain_sources(kb, TriageState(), Mentions(triggers=("desk_work",)))
    assert "Hours with the head forward" in turn.reply.text
    assert "Where do you feel the pain?" in turn.reply.text
    assert turn.state.triggers == ("desk_work",)


def test_nothing_known_asks_where_it_hurts(kb: ReferralKB) -> None:
    turn = explain_sources(kb, TriageState(), Mentions())
    assert turn.reply.text.startswith("Where do you feel the pain?")
    assert turn.state == TriageState()


@pytest.mark.parametrize("compose", [explain_sources, explain_cause, care_tips])
def test_a_red_flag_entity_stops_any_triage_reply(kb: ReferralKB, compose: Any) -> None:
    said = Mentions(zones=("calf",), triggers=("running",), red_flags=("possible_clot",))
    turn = compose(kb, TriageState(), said)
    assert turn.reply.text.startswith("This needs medical advice today")
    assert turn.reply.buttons == ()
    assert turn.state == TriageState(red_flag="possible_clot")


def test_a_red_flag_entity_stops_the_explanation(kb: ReferralKB) -> None:
    turn = explain_sources(
        kb, TriageState(), Mentions(zones=("calf",), red_flags=("possible_clot",))
    )
    assert "NHS 111" in turn.reply.text
    assert not names_a_muscle(turn.reply.text)
    assert turn.reply.buttons == ()
    assert turn.state.red_flag == "possible_clot"


def test_after_a_red_flag_nothing_offers_booking(kb: ReferralKB) -> None:
    state = TriageState(red_flag="possible_clot", started=True)
    for turn in (
        explain_sources(kb, state, Mentions(zones=("temple",))),
        explain_cause(kb, state, Mentions(triggers=("desk_work",))),
        care_tips(kb, state),
    ):
        assert "/book_session" not in [button.payload for button in turn.reply.buttons]
        assert "checked first" in turn.reply.text
        assert turn.reply.custom is not None
        assert turn.reply.custom["triage"]["red_flag"] == {"id": "possible_clot", "level": "urgent"}


# Causes


def test_the_cause_question_is_asked_once_with_buttons(kb: ReferralKB) -> None:
    state = TriageState(zones=("temple",), started=True)
    turn = explain_cause(kb, state, Mentions())
    assert turn.reply.text.startswith("What do you think brought it on?")
    assert [button.payload for button in turn.reply.buttons] == [
        '/describe_cause{"trigger": "desk_work"}',
        '/describe_cause{"trigger": "running"}',
        '/describe_cause{"trigger": "driving"}',
    ]
    assert turn.reply.custom is not None
    assert turn.reply.custom["triage"]["asked"] == CAUSE_QUESTION

    again = explain_cause(kb, state, Mentions(), asked_before=True)
    assert "What do you think brought it on?" not in again.reply.text
    assert "an old injury" in again.reply.text
    assert not any(button.payload.startswith("/describe_cause") for button in again.reply.buttons)


def test_a_known_trigger_is_explained_with_the_muscles_it_loads(kb: ReferralKB) -> None:
    state = TriageState(zones=("temple",), triggers=("desk_work",), started=True)
    turn = explain_cause(kb, state, Mentions())
    assert "How desk work can set them off: Hours with the head forward" in turn.reply.text
    assert "What helps: Raise the screen" in turn.reply.text
    assert "desk work often loads the upper trapezius." in turn.reply.text
    assert [button.payload for button in turn.reply.buttons] == ["/care_tips", "/book_session"]


def test_a_trigger_that_loads_none_of_the_sources_says_so(kb: ReferralKB) -> None:
    state = TriageState(zones=("temple",), triggers=("running",), started=True)
    turn = explain_cause(kb, state, Mentions())
    assert "Running isn't one of the usual loads" in turn.reply.text


def test_asked_questions_are_read_back_from_the_events() -> None:
    asked = {"event": "bot", "data": {"custom": {"triage": {"asked": CAUSE_QUESTION}}}}
    plain = {"event": "bot", "data": {"custom": {"triage": {"zones": []}}}}
    user = {"event": "user", "text": "running"}
    assert already_asked([asked, user, plain])
    assert not already_asked([plain, {"event": "bot", "data": {}}])
    assert last_asked([plain, asked, user]) == CAUSE_QUESTION
    assert last_asked([asked, plain]) is None


# Care


def test_care_tips_use_each_source_muscles_own_stretch(kb: ReferralKB) -> None:
    state = TriageState(zones=("temple",), started=True, health_asked=True)
    text = care_tips(kb, state).reply.text
    for advice in (
        "Warmth rather than cold",
        "cut the circulation",
        "30–90 seconds",
        "24–48 hours",
    ):
        assert advice in text
    assert "Upper trapezius: Ear to shoulder." in text
    assert "Temporalis: Open the mouth slowly." in text
    assert "come back" in text and "Regular treatment" in text


def test_care_tips_without_a_zone_give_the_general_advice(kb: ReferralKB) -> None:
    turn = care_tips(kb, TriageState(health_asked=True))
    assert turn.reply.text.startswith(DISCLAIMER)
    assert "Then stretch gently" in turn.reply.text
    assert not names_a_muscle(turn.reply.text)
    assert turn.state.started


def test_care_tips_carry_the_muscle_cautions(kb: ReferralKB) -> None:
    text = care_tips(kb, TriageState(zones=("back_of_thigh",), health_asked=True)).reply.text
    assert "Piriformis: Never on the sciatic nerve." in text


# Red flags and failures


def test_red_flag_turn_names_no_muscle_and_offers_nothing(kb: ReferralKB) -> None:
    flag = kb.red_flag("possible_clot")
    turn = red_flag_turn(TriageState(zones=("calf",)), flag)
    assert "Call NHS 111 today." in turn.reply.text
    assert turn.reply.buttons == ()
    assert turn.state.red_flag == "possible_clot"
    assert turn.state.zones == ("calf",)
    custom: dict[str, Any] = dict(turn.reply.custom or {})
    assert custom["triage"]["red_flag"] == {"id": "possible_clot", "level": "urgent"}
    assert custom["triage"]["sources"] == []


def test_red_flag_turn_without_a_known_flag_gives_the_generic_advice() -> None:
    turn = red_flag_turn(TriageState(), None)
    assert "999" in turn.reply.text and "NHS 111" in turn.reply.text
    assert turn.state.red_flag == "unspecified"
    assert red_flag_turn(TriageState(), None, "dvt_calf").state.red_flag == "dvt_calf"


def test_unavailable_apologises_with_a_way_forward() -> None:
    reply = unavailable("https://book.example/")
    assert reply.text.startswith("Sorry")
    assert "https://book.example/" in reply.text and "NHS 111" in reply.text
    assert reply.buttons == (Button.link("Open the booking page", "https://book.example/"),)
    assert unavailable(None).buttons == ()


def test_a_missing_knowledge_base_raises_for_the_action_to_handle(tmp_path: Path) -> None:
    from bot.kb.query import KBUnavailable

    with pytest.raises(KBUnavailable):
        explain_sources(ReferralKB(tmp_path / "none.db"), TriageState(), Mentions(zones=("calf",)))
