"""bot.safety.decision: what a message means for the conversation."""

from __future__ import annotations

from bot.safety import decision
from bot.safety.engine import SafetyEngine


def test_a_red_flag_escalates_whatever_the_intent(engine: SafetyEngine) -> None:
    said = "can I book for tomorrow? also my calf is hot and swollen"
    decided = decision.decide(engine, said, intent="book_session")
    assert (decided.kind, decided.flag, decided.level) == ("flag", "dvt_calf", "urgent")
    assert decided.escalates


def test_a_crisis_is_its_own_kind(engine: SafetyEngine) -> None:
    decided = decision.decide(engine, "I just want to end it all, my back is agony")
    assert (decided.kind, decided.level) == ("crisis", "crisis")


def test_a_screening_site_is_asked_about_first_and_once(engine: SafetyEngine) -> None:
    first = decision.decide(engine, "my chest aches", zones=["chest"])
    assert first.kind == "screen" and first.screening is not None
    assert first.screening.id == "chest"
    later = decision.decide(engine, "my chest aches", zones=["chest"], screened=["chest"])
    assert later.kind == "none"


def test_a_screening_answer_is_read_with_its_site(engine: SafetyEngine) -> None:
    yes = decision.decide(engine, "yes", intent="affirm", answering="chest")
    assert (yes.kind, yes.flag) == ("flag", "chest_pain")
    described = decision.decide(engine, "it goes down my left arm", answering="chest")
    assert (described.kind, described.flag) == ("flag", "chest_pain")
    sore = decision.decide(
        engine, "no, it's sore when I press on it", intent="deny", answering="chest"
    )
    assert sore.kind == "clear" and sore.screening is not None


def test_the_intent_model_alone_does_not_raise_a_flag(engine: SafetyEngine) -> None:
    decided = decision.decide(engine, "my neck aches", intent="red_flag_symptom", zones=["neck"])
    assert decided.kind == "none"
    site = decision.decide(engine, "my tummy", intent="red_flag_symptom", zones=["abdomen"])
    assert site.kind == "screen"


def test_a_flag_the_entities_name_counts(engine: SafetyEngine) -> None:
    decided = decision.decide(engine, "", named=["chest_pain", "dvt_calf", "not_a_flag"])
    assert (decided.flag, decided.level) == ("chest_pain", "emergency")
