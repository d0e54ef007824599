"""bot.safety.engine: concepts in context against the curated red-flag rules.

The sentences here are the unit tests' own; the held-out evaluation set is in
tests/safety/ and is never copied into the rules.
"""

from __future__ import annotations

import pytest

from bot.safety.engine import SafetyEngine, pregnancy_weeks, stated_age


def flags(engine: SafetyEngine, text: str) -> list[str]:
    return [flag.id for flag in engine.assess(text).flags]


def top(engine: SafetyEngine, text: str) -> str | None:
    found = engine.assess(text).top
    return found.id if found else None


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("there's a crushing weight on my chest and I'm clammy", "chest_pain"),
        ("clammy, sick, and my chest is heavy", "chest_pain"),  # any order
        ("pain in the middle of my chest goes into my left arm", "chest_pain"),
        ("my chset is so tight and I feel sik", "chest_pain"),  # typos
        ("head came on like a thunderclap, worst I've known", "thunderclap_headache"),
        ("both legs have gone weak and I wet myself, back is bad", "cauda_equina"),
        ("my calf is red and puffed up", "dvt_calf"),
        ("her face has dropped on one side and she's slurring", "stroke_signs"),
        ("my dad (79) fell over in the garden, he has osteoporosis", "fragility_fracture"),
        ("back went lifting and now I can't quite feel it when I'm wiping", "cauda_equina"),
    ],
)
def test_concepts_complete_a_rule_in_any_wording(
    engine: SafetyEngine, text: str, flag: str
) -> None:
    assert top(engine, text) == flag


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain, no sweating, just a stiff upper back",  # denied
        "my calf isn't swollen or red, it's just tight",  # denied, after
        "I had a blood clot in my leg years ago, all fine since",  # historical
        "my grandad had a heart attack, so I worry about my tight shoulders",  # family
        "what should I do if I ever get a crushing chest pain?",  # hypothetical
        "the boss nearly gave me a heart attack this morning",  # idiom
        "I'm 30 weeks pregnant and my lower back aches",  # pregnancy is not a flag
        "I'm 78 and my shoulders are stiff",  # age is not a flag
        "heard a crack when I stretched my neck",  # a joint noise
        "this pain is killing me",  # idiom, not a crisis
    ],
)
def test_context_decides_whether_a_concept_counts(engine: SafetyEngine, text: str) -> None:
    assert flags(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "still recovering from a fractured ankle, so please keep off my right leg",
        "I'm on the mend from a broken collarbone, the cast came off in October",
        "recovering after a DVT, so nothing on my calves please",
    ],
)
def test_an_injury_being_recovered_from_is_history(engine: SafetyEngine, text: str) -> None:
    assert flags(engine, text) == []


def test_a_fresh_break_after_a_recovery_still_counts(engine: SafetyEngine) -> None:
    text = "I was recovering from a sprain but I fell again today and I think I've broken my wrist"
    assert flags(engine, text) != []


@pytest.mark.parametrize(
    "text",
    [
        "calves are wrecked from the 10k on sunday, could someone come round tomorrow evening",
        "my partner's therapist came round last week after his rugby match, can I get the same",
        "shoulders in bits from training, is anyone able to come round to mine on saturday",
    ],
)
def test_asking_for_someone_to_come_round_is_a_visit_not_a_collapse(
    engine: SafetyEngine, text: str
) -> None:
    assert flags(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "he collapsed at football and took ages to come round",
        "my dad fainted in the garden and didn't come round for a few minutes",
    ],
)
def test_not_coming_round_after_a_collapse_still_counts(engine: SafetyEngine, text: str) -> None:
    assert flags(engine, text) != []


def test_a_recent_word_undoes_history(engine: SafetyEngine) -> None:
    assert top(engine, "had a DVT years ago and my calf is swollen again") == "dvt_calf"


def test_crisis_wins_and_is_not_undone_by_an_earlier_negation(engine: SafetyEngine) -> None:
    said = "if this back pain doesn't stop I want to end my life"
    assessment = engine.assess(said)
    assert assessment.crisis
    assert assessment.top is not None and assessment.top.level == "crisis"
    assert not engine.assess("I'm not suicidal, just fed up with my sore neck").crisis


def test_the_most_severe_flag_comes_first(engine: SafetyEngine) -> None:
    said = "calf swollen after the flight and now I'm suddenly breathless"
    found = engine.assess(said).flags
    assert found[0].level == "emergency"
    assert "dvt_calf" in [flag.id for flag in found]


def test_the_evidence_span_is_in_the_text(engine: SafetyEngine) -> None:
    said = "my back is fine but my calf is red and puffed up"
    found = engine.assess(said).top
    assert found is not None
    assert "calf" in said[found.start : found.end]


def test_screening_sites_are_reported_without_a_flag(engine: SafetyEngine) -> None:
    assessment = engine.assess("my chest is sore after push ups")
    assert assessment.flags == ()
    assert assessment.sites == ("chest",)


def test_a_given_site_completes_an_answer(engine: SafetyEngine) -> None:
    assert flags(engine, "yes it's tight and I'm sweaty") == []
    answered = engine.assess("yes it's tight and I'm sweaty", given=["chest"])
    assert answered.top is not None and answered.top.id == "chest_pain"


@pytest.mark.parametrize(
    ("text", "age"),
    [("I'm 72 and", 72), ("my dad (80) has", 80), ("she is 67", 67), ("in his 70s", 70),
     ("I'm 30 weeks pregnant", None), ("lost 12 pounds", None)],
)  # fmt: skip
def test_stated_age(text: str, age: int | None) -> None:
    assert stated_age(text) == age


@pytest.mark.parametrize(
    ("text", "weeks"),
    [("I'm 7 weeks pregnant", 7), ("34 wks and swollen", 34), ("back pain for 6 weeks", None),
     ("my bump at 20 weeks", 20)],
)  # fmt: skip
def test_pregnancy_weeks(text: str, weeks: int | None) -> None:
    assert pregnancy_weeks(text) == weeks


def test_partial_needs_most_of_a_pattern_and_two_symptoms(engine: SafetyEngine) -> None:
    assert engine.partial(engine.assess("I have a headache")) is None
    half = engine.assess("sudden agonising pain, I feel faint and sick")
    assert engine.partial(half) is None or engine.partial(half).level in ("emergency", "urgent")


@pytest.mark.parametrize(
    ("text", "precaution"),
    [
        ("I'm on apixaban and my neck is stiff", "blood_thinners"),
        ("had a DVT in 2019, my calves are tight now", "clot_history"),  # the past counts here
        ("I'm diabetic and my feet ache", "numb_skin"),
        ("twisted my ankle this morning playing squash", "fresh_injury"),
        ("28 weeks and my hips ache", "pregnancy"),
    ],
)
def test_health_conditions_are_read_from_any_message(
    engine: SafetyEngine, text: str, precaution: str
) -> None:
    assert precaution in engine.assess(text).precautions


def test_a_denied_condition_is_not_read(engine: SafetyEngine) -> None:
    assert engine.assess("I'm not on blood thinners").precautions == ()
