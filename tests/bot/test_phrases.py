"""bot.triage.phrases: fixed wording from domain.yml, never repeated word for word."""

from __future__ import annotations

import pytest

from bot.triage.phrases import MissingPhrase, Phrasebook, Voice, project

BOOK = Phrasebook.from_responses(
    {"utter_where": [{"text": "Where does it hurt?"}, {"text": "Which part hurts, {who}?"}]}
)


def test_a_variation_already_said_is_not_said_again() -> None:
    first = Voice(BOOK).say("utter_where", who="Sam")
    assert first == "Where does it hurt?"
    second = Voice(BOOK, (first,)).say("utter_where", who="Sam")
    assert second == "Which part hurts, Sam?"
    # Both said: the one said longest ago.
    assert Voice(BOOK, (first, "x", second)).say("utter_where", who="Sam") == first


def test_a_missing_response_or_value_is_an_error() -> None:
    with pytest.raises(MissingPhrase):
        Voice(BOOK).say("utter_nothing")
    with pytest.raises(MissingPhrase):
        Voice(BOOK, ("Where does it hurt?",)).say("utter_where")


def test_the_voice_of_an_action_reads_its_domain_and_the_bot_texts() -> None:
    events = [{"event": "user", "text": "hi"}, {"event": "bot", "text": "Where does it hurt?"}]
    voice = Voice.of({"responses": {"utter_where": [{"text": "Where does it hurt?"}]}}, events)
    assert voice.said == ("Where does it hurt?",)
    assert Voice.of({}, []).phrases == project()


def test_every_triage_phrase_the_code_uses_is_in_the_domain() -> None:
    for name in (
        "utter_sources_intro", "utter_sources_intro_broad", "utter_narrow_offer",
        "utter_tailor_offer", "utter_ask_where", "utter_ask_which_part",
        "utter_technique_intro", "utter_firm_pressure", "utter_gentle_pressure",
        "utter_stretch_intro", "utter_stretch_general",
    ):  # fmt: skip
        assert project().texts(name)
