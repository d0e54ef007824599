"""bot.nlu_eval: the held-out scores, computed from examples and predictions (no model)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from bot import nlu_eval, settings
from bot.nlu_eval import Example, Prediction, score


def zone(value: str, negated: bool = False) -> dict[str, Any]:
    return {"entity": "body_zone", "value": value, **({"role": "negated"} if negated else {})}


def side(value: str) -> dict[str, Any]:
    return {"entity": "side", "value": value}


EXAMPLES = [
    Example("not my knee, my shin", "describe_pain", (zone("knee", True), zone("shin"))),
    Example("left temple", "describe_pain", (side("left"), zone("temple"))),
    Example("ice or heat?", "care/heat_or_cold"),
    Example("hello", "greet"),
]


def test_a_perfect_model_scores_one_everywhere() -> None:
    predictions = [Prediction(example.intent, 0.9, example.entities, 5.0) for example in EXAMPLES]

    report = score(EXAMPLES, predictions)

    assert report["intent"]["macro_f1"] == 1.0
    assert report["entities"]["body_zone"] == {
        "precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 2, "fp": 0, "fn": 0,
    }  # fmt: skip
    assert report["entities"]["side"]["f1"] == 1.0
    assert report["entities"]["trigger"]["f1"] is None  # neither gold nor predicted
    assert report["negation"] == {"accuracy": 1.0, "correct": 3, "total": 3}
    assert report["confusions"] == []
    assert report["hardest_misses"] == []


def test_a_denied_cause_is_no_predicted_trigger() -> None:
    examples = [Example("my neck hurts, no fall or anything", "describe_pain", (zone("neck"),))]
    denied = {"entity": "trigger", "value": "acute_injury", "role": "negated"}
    predictions = [Prediction("describe_pain", 0.9, (zone("neck"), denied))]

    report = score(examples, predictions)

    assert report["entities"]["trigger"]["fp"] == 0


def test_a_retrieval_intent_counts_only_when_the_response_key_is_right() -> None:
    predictions = [
        Prediction("describe_pain", 0.9, EXAMPLES[0].entities),
        Prediction("describe_pain", 0.9, EXAMPLES[1].entities),
        Prediction("care/stretching", 0.8),
        Prediction("greet", 0.9),
    ]

    report = score(EXAMPLES, predictions)

    assert report["intent"]["per_intent"]["care/heat_or_cold"]["f1"] == 0.0
    assert report["intent"]["macro_f1"] == round(2 / 3, 4)
    assert report["confusions"] == [
        {"gold": "care/heat_or_cold", "predicted": "care/stretching", "count": 1}
    ]


def test_negated_and_asserted_zones_are_scored_apart() -> None:
    # The knee read as asserted: a body_zone false positive, a negated miss, a negation error.
    predictions = [
        Prediction("describe_pain", 0.9, (zone("knee"), zone("shin"))),
        *(Prediction(example.intent, 0.9, example.entities) for example in EXAMPLES[1:]),
    ]

    report = score(EXAMPLES, predictions)

    assert report["entities"]["body_zone"]["fp"] == 1
    assert report["entities"]["body_zone_negated"]["fn"] == 1
    assert report["negation"] == {"accuracy": round(2 / 3, 4), "correct": 2, "total": 3}


def test_a_missed_asserted_zone_is_no_negation_error() -> None:
    example = Example("my shin", "describe_pain", (zone("shin"),))

    assert score([example], [Prediction("describe_pain", 0.9)])["negation"]["accuracy"] == 1.0
    negated = Prediction("describe_pain", 0.9, (zone("shin", True),))
    assert score([example], [negated])["negation"]["accuracy"] == 0.0


def test_the_hardest_misses_are_confident_wrong_intents_first() -> None:
    predictions = [
        Prediction("describe_pain", 0.9, (zone("shin"),)),
        Prediction("greet", 0.95, EXAMPLES[1].entities),
        Prediction("care/heat_or_cold", 0.9),
        Prediction("describe_pain", 0.6),
    ]

    misses = score(EXAMPLES, predictions)["hardest_misses"]

    assert [miss["text"] for miss in misses] == ["left temple", "hello", "not my knee, my shin"]
    assert misses[2]["missing"] == ["body_zone_negated=knee"]


def test_latency_is_reported_at_nearest_rank() -> None:
    assert nlu_eval.latency([float(ms) for ms in range(1, 101)]) == {
        "p50": 50.0, "p95": 95.0, "mean": 50.5, "count": 100,
    }  # fmt: skip
    assert nlu_eval.latency([])["p50"] is None


@pytest.mark.parametrize(
    ("parse", "expected"),
    [
        ({"intent": {"name": "greet", "confidence": 0.9}}, ("greet", 0.9)),
        (
            {
                "intent": {
                    "name": "care",
                    "confidence": 0.8,
                    "full_retrieval_intent_name": "care/heat_or_cold",
                }
            },
            ("care/heat_or_cold", 0.8),
        ),
        (
            {
                "intent": {"name": "care", "confidence": 0.7},
                "response_selector": {
                    "all_retrieval_intents": ["care"],
                    "default": {"response": {"intent_response_key": "care/stretching"}},
                },
            },
            ("care/stretching", 0.7),
        ),
    ],
)
def test_the_predicted_intent_names_retrieval_intents_whole(
    parse: dict[str, Any], expected: tuple[str, float]
) -> None:
    assert nlu_eval.predicted_intent(parse) == expected


def test_loads_the_held_out_file_with_its_annotations(tmp_path: Path) -> None:
    heldout = tmp_path / "heldout.yml"
    heldout.write_text(
        'version: "3.1"\n'
        "nlu:\n"
        "  - intent: describe_pain\n"
        "    examples: |\n"
        '      - not my [knee]{"entity": "body_zone", "value": "knee", "role": "negated"}\n'
        "  - intent: care/heat_or_cold\n"
        "    examples: |\n"
        "      - ice or heat?\n"
    )

    examples = nlu_eval.load_examples(heldout)

    assert [(e.text, e.intent) for e in examples] == [
        ("not my knee", "describe_pain"),
        ("ice or heat?", "care/heat_or_cold"),
    ]
    [knee] = examples[0].entities
    assert (knee["entity"], knee["value"], knee["role"]) == ("body_zone", "knee", "negated")


def test_the_text_report_names_the_headline_numbers() -> None:
    report = {
        "model": "triage-abc.tar.gz",
        "heldout": {"path": "tests/nlu/heldout.yml", "sha256": "f" * 64},
        **score(EXAMPLES, [Prediction("greet", 0.9, (), 3.0) for _ in EXAMPLES]),
    }

    shown = nlu_eval.format_report(report)

    assert "intent macro-F1" in shown
    assert "negation accuracy" in shown
    assert "describe_pain -> greet" in shown
    assert "parse latency p50 3.0 ms" in shown


def test_eval_without_the_held_out_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    nlu_eval.register(parser.add_subparsers())
    args = parser.parse_args(["nlu", "eval", "--heldout", str(tmp_path / "none.yml")])
    configured = dataclasses.replace(settings.load(), reports_dir=tmp_path)

    assert args.func(args, configured) == 1
    assert "no held-out file" in capsys.readouterr().err
    assert not (tmp_path / nlu_eval.REPORT_NAME).exists()


def test_the_parse_command_is_registered() -> None:
    parser = argparse.ArgumentParser()
    nlu_eval.register(parser.add_subparsers())

    args = parser.parse_args(["nlu", "parse", "my left knee", "--json"])

    assert (args.func, args.text, args.json) == (nlu_eval.parse_command, "my left knee", True)
