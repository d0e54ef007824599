"""bot.safety: which red flag a message shows, and the care each level sends people to."""

from __future__ import annotations

import pytest

from bot import safety
from bot.kb import builder
from bot.kb.query import RedFlag, ReferralKB
from tests.bot.kb.conftest import FILES, write_data

RED_FLAGS = FILES["red_flags.yml"] + (
    "- id: chest_pain\n"
    "  name: Chest pain\n"
    "  level: emergency\n"
    "  phrasings: [chest pain, pain in my chest]\n"
    "  advice: Call 999 now.\n"
    "  source: service\n"
    "- id: pins_and_needles\n"
    "  name: Pins and needles\n"
    "  level: gp\n"
    "  phrasings: [pins and needles]\n"
    "  advice: Book a GP appointment soon.\n"
    "  source: service\n"
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> ReferralKB:
    """The small knowledge base with one red flag of each level."""
    base = tmp_path_factory.mktemp("safety-kb")
    db_path = base / "kb.db"
    builder.build(write_data(base / "data", {**FILES, "red_flags.yml": RED_FLAGS}), db_path)
    return ReferralKB(db_path)


def flag_id(flag: RedFlag | None) -> str | None:
    return flag.id if flag else None


def test_the_entity_names_the_flag(kb: ReferralKB) -> None:
    entities = [
        {"entity": "body_zone", "value": "calf"},
        {"entity": "red_flag", "value": "possible_clot"},
    ]
    assert flag_id(safety.assess(kb, entities, "my leg hurts")) == "possible_clot"


def test_the_most_severe_flag_wins(kb: ReferralKB) -> None:
    entities = [
        {"entity": "red_flag", "value": "pins_and_needles"},
        {"entity": "red_flag", "value": "chest_pain"},
        {"entity": "red_flag", "value": "possible_clot"},
    ]
    assert flag_id(safety.assess(kb, entities, "")) == "chest_pain"


def test_without_an_entity_the_text_is_read(kb: ReferralKB) -> None:
    assert flag_id(safety.assess(kb, [], "I've got a swollen calf")) == "possible_clot"
    unknown = [{"entity": "red_flag", "value": "not_a_flag"}]
    assert flag_id(safety.assess(kb, unknown, "pins and needles in my hand")) == "pins_and_needles"


def test_a_denied_cue_is_no_flag(kb: ReferralKB) -> None:
    denied = [
        {"entity": "red_flag", "value": "chest_pain", "role": "negated"},
        {"entity": "body_zone", "value": "upper_back"},
    ]
    text = "no chest pain or anything, just my upper back aches"
    assert safety.assess(kb, denied, text) is None
    also = [*denied, {"entity": "red_flag", "value": "possible_clot"}]
    assert flag_id(safety.assess(kb, also, text + " and my calf is swollen")) == "possible_clot"


def test_no_flag_at_all(kb: ReferralKB) -> None:
    assert safety.assess(kb, [], "my neck is stiff") is None
    assert safety.assess(kb, [], "") is None


@pytest.mark.parametrize(
    ("level", "service"), [("emergency", "999"), ("urgent", "NHS 111"), ("gp", "GP")]
)
def test_each_level_names_its_service(level: str, service: str) -> None:
    care = safety.care_level(level)
    assert care.level == level
    assert service in care.instruction
    assert service in care.service or service.lower() in care.service.lower()


def test_an_unknown_level_is_treated_as_urgent() -> None:
    assert safety.care_level("whenever") == safety.CARE_LEVELS["urgent"]


def test_medical_advice_gives_the_level_and_the_reason(kb: ReferralKB) -> None:
    advice = safety.medical_advice(kb.red_flag("chest_pain"))
    assert advice.startswith(safety.CARE_LEVELS["emergency"].instruction)
    assert advice.endswith("Call 999 now.")
    assert safety.medical_advice(None) == safety.GENERIC_ADVICE
    assert "999" in safety.GENERIC_ADVICE and "NHS 111" in safety.GENERIC_ADVICE


def test_the_real_red_flags_are_all_worded() -> None:
    from bot.settings import load

    kb_path = load({}).kb_path
    if not kb_path.is_file():
        pytest.skip("var/kb.db is not built (python -m bot kb build)")
    levels = {flag.level for flag in ReferralKB(kb_path).red_flags()}
    assert levels <= set(safety.CARE_LEVELS)
