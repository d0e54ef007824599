"""A red flag said over two messages: what the person said before completes the pattern."""

from __future__ import annotations

import pytest

from bot.safety.decision import FLAG, NONE, decide
from bot.safety.engine import SafetyEngine


@pytest.mark.parametrize(
    ("earlier", "now", "flag"),
    [
        (["my lower back has been sore since friday"], "also i've been leaking wee, didn't notice",
         "cauda_equina"),
        (["got a headache behind my eyes"], "it hit me out of nowhere like a thunderclap",
         "thunderclap_headache"),
        (["my left calf aches when i walk"], "now it's swollen and hot and red", "dvt_calf"),
    ],
)  # fmt: skip
def test_an_earlier_message_completes_the_flag(
    engine: SafetyEngine, earlier: list[str], now: str, flag: str
) -> None:
    assert decide(engine, now).kind == NONE  # alone, the message is not enough
    decided = decide(engine, now, earlier=earlier)
    assert (decided.kind, decided.flag) == (FLAG, flag)


@pytest.mark.parametrize(
    ("earlier", "now"),
    [
        (["my lower back has been sore since friday"], "how long should i hold the pressure for"),
        (["my lower back has been sore since friday"], "the film was so funny i nearly wet myself"),
        (["my calf aches after my run"], "no swelling, it's not hot or red either"),
        # Only the last three messages count: an old one has no say.
        (["my lower back is sore", "ok", "thanks", "sure"], "and i've been leaking wee"),
    ],
)
def test_nothing_new_raises_nothing(engine: SafetyEngine, earlier: list[str], now: str) -> None:
    assert decide(engine, now, earlier=earlier).kind == NONE


def test_only_places_carry_over(engine: SafetyEngine) -> None:
    # "heavy" (of the weights) said before is no heavy chest now: the chest may be
    # screened, never flagged, on the strength of an earlier word that is not a place
    earlier = ["my pecs are wrecked after heavy bench press last night"]
    assert decide(engine, "should i skip chest day tomorrow", earlier=earlier).kind != FLAG


def test_a_flag_from_earlier_messages_alone_is_not_raised_again(engine: SafetyEngine) -> None:
    earlier = ["my back aches", "and i've wet myself twice today without knowing"]
    assert decide(engine, "what should i do now", earlier=earlier).kind == NONE


def test_a_date_after_since_is_still_going_on(engine: SafetyEngine) -> None:
    said = "my back aches and i've lost weight without trying since march"
    assert decide(engine, said).flag == "fever_weight_loss_cancer"
