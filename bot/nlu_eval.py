"""`python -m bot nlu ...`: parse a message with the trained model, and score it on held-out data.

`nlu eval` parses every example of the held-out file (Rasa NLU YAML, annotated like the
training data) with the trained model and writes `nlu-eval.json` to the reports folder.
What it measures:

- intents: precision, recall and F1 per intent, and macro-F1, the mean F1 over the
  intents the held-out file contains (a prediction of another intent, `nlu_fallback`
  included, is an error for the gold intent; such labels are not averaged in). A
  retrieval intent is scored whole: "care/heat_or_cold" is right only if the intent is
  `care` and the response selector picked `care/heat_or_cold` (Rasa's
  `full_retrieval_intent_name`, or `response_selector[<intent>].response.intent_response_key`).
- entities: per message, the set of (type, value) pairs. body_zone counts asserted zones
  only (role not "negated"); body_zone_negated the negated ones; trigger and side count
  asserted values only, as the assistant takes them ("no fall" names no injury).
  Precision, recall and F1 add the true positives, false positives and false negatives
  of all messages (micro average); with neither gold nor predictions of a type they are
  null.
- negation accuracy: over every gold zone of every message, the share judged right. A
  gold negated zone is right when the model has that zone negated; a gold asserted zone
  is right unless the model has that zone negated and not also asserted. A missed
  asserted zone is thus right here (recall counts it); a missed negated one is wrong.
- confusions: gold -> predicted intent counts of the errors, the 20 most frequent.
- hardest misses: the ten examples with the worst errors: a wrong intent weighs
  1 + the wrong intent's confidence, each missing or extra entity pair 1.
- latency: p50 and p95 (nearest rank) of the whole pipeline's parse time per message.
- leakage: the held-out messages at 0.85 or more similar (rapidfuzz ratio) to a training
  example of data/nlu (must be 0), with the worst shown; span_overlap: the share of
  annotated spans that appear word for word in a phrasing list of the knowledge base
  (zones.yml, triggers.yml): how much of the entity score is lookup rather than reading.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import math
import os
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.settings import Settings

HELDOUT = Path("tests") / "nlu" / "heldout.yml"
REPORT_NAME = "nlu-eval.json"
NEGATED = "negated"
ZONE = "body_zone"
SCORED_ENTITIES = ("body_zone", "body_zone_negated", "trigger", "side")
CONFUSIONS_SHOWN = 20
HARDEST_SHOWN = 10


class EvaluationError(RuntimeError):
    """Something the evaluation needs is missing: the model or the held-out file."""


@dataclass(frozen=True)
class Example:
    """A held-out message with its gold intent (retrieval intents whole) and entities."""

    text: str
    intent: str
    entities: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Prediction:
    """What the model said about one message, and how long the parse took."""

    intent: str
    confidence: float
    entities: tuple[Mapping[str, Any], ...] = ()
    milliseconds: float = 0.0


@dataclass
class Counts:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def summary(self) -> dict[str, Any]:
        """Precision, recall, F1 (null where undefined) and the counts."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        if precision is None and recall is None:
            f1 = None
        elif not precision or not recall:
            f1 = 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall)
        return {
            "precision": _round(precision),
            "recall": _round(recall),
            "f1": _round(f1),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class _Tally:
    intents: dict[str, Counts] = field(default_factory=dict)
    entities: dict[str, Counts] = field(
        default_factory=lambda: {k: Counts() for k in SCORED_ENTITIES}
    )
    negation_right: int = 0
    negation_total: int = 0


def entity_pairs(entities: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """The values of each scored entity type in one message (see the module docstring)."""
    pairs: dict[str, set[str]] = {name: set() for name in SCORED_ENTITIES}
    for entity in entities:
        kind, value = entity.get("entity"), str(entity.get("value"))
        if kind == ZONE:
            pairs["body_zone_negated" if entity.get("role") == NEGATED else ZONE].add(value)
        elif kind in pairs and entity.get("role") != NEGATED:
            pairs[str(kind)].add(value)
    return pairs


def score(examples: Sequence[Example], predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Every metric of the module docstring, as a JSON-ready mapping."""
    if len(examples) != len(predictions):
        raise ValueError("one prediction per example is needed")
    tally = _Tally()
    confusions: Counter[tuple[str, str]] = Counter()
    misses = []
    for example, prediction in zip(examples, predictions, strict=True):
        tally.intents.setdefault(example.intent, Counts())
        if prediction.intent == example.intent:
            tally.intents[example.intent].tp += 1
        else:
            tally.intents[example.intent].fn += 1
            tally.intents.setdefault(prediction.intent, Counts()).fp += 1
            confusions[(example.intent, prediction.intent)] += 1
        gold, said = entity_pairs(example.entities), entity_pairs(prediction.entities)
        missing, extra = [], []
        for name in SCORED_ENTITIES:
            counts = tally.entities[name]
            counts.tp += len(gold[name] & said[name])
            counts.fp += len(said[name] - gold[name])
            counts.fn += len(gold[name] - said[name])
            missing += [f"{name}={value}" for value in sorted(gold[name] - said[name])]
            extra += [f"{name}={value}" for value in sorted(said[name] - gold[name])]
        for value in gold["body_zone_negated"]:
            tally.negation_total += 1
            tally.negation_right += value in said["body_zone_negated"]
        for value in gold[ZONE]:
            tally.negation_total += 1
            tally.negation_right += value in said[ZONE] or value not in said["body_zone_negated"]
        wrong_intent = prediction.intent != example.intent
        weight = (1 + prediction.confidence if wrong_intent else 0) + len(missing) + len(extra)
        if weight:
            misses.append((weight, example, prediction, missing, extra))
    gold_intents = sorted({example.intent for example in examples})
    per_intent = {
        intent: {**tally.intents[intent].summary(), "support": _support(intent, examples)}
        for intent in gold_intents
    }
    f1s = [summary["f1"] or 0.0 for summary in per_intent.values()]
    correct = sum(1 for e, p in zip(examples, predictions, strict=True) if e.intent == p.intent)
    misses.sort(key=lambda miss: (-miss[0], miss[1].text))
    return {
        "examples": len(examples),
        "intent": {
            "macro_f1": _round(sum(f1s) / len(f1s)) if f1s else None,
            "accuracy": _round(correct / len(examples)) if examples else None,
            "per_intent": per_intent,
        },
        "entities": {name: counts.summary() for name, counts in tally.entities.items()},
        "negation": {
            "accuracy": _round(tally.negation_right / tally.negation_total)
            if tally.negation_total
            else None,
            "correct": tally.negation_right,
            "total": tally.negation_total,
        },
        "confusions": [
            {"gold": gold_intent, "predicted": predicted, "count": count}
            for (gold_intent, predicted), count in sorted(
                confusions.items(), key=lambda item: (-item[1], item[0])
            )[:CONFUSIONS_SHOWN]
        ],
        "hardest_misses": [
            {
                "text": example.text,
                "gold_intent": example.intent,
                "predicted_intent": prediction.intent,
                "confidence": _round(prediction.confidence),
                "missing": missing,
                "extra": extra,
            }
            for _, example, prediction, missing, extra in misses[:HARDEST_SHOWN]
        ],
        "latency_ms": latency([prediction.milliseconds for prediction in predictions]),
    }


def latency(milliseconds: Sequence[float]) -> dict[str, Any]:
    """p50, p95 (nearest rank), mean and count of parse times in milliseconds."""
    if not milliseconds:
        return {"p50": None, "p95": None, "mean": None, "count": 0}
    ordered = sorted(milliseconds)

    def rank(share: float) -> float:
        return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 2)

    return {
        "p50": rank(0.5),
        "p95": rank(0.95),
        "mean": round(sum(ordered) / len(ordered), 2),
        "count": len(ordered),
    }


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: which held-out file a report was made from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_examples(path: Path) -> list[Example]:
    """The held-out examples in `path`; `EvaluationError` if there is no such file."""
    if not path.is_file():
        raise EvaluationError(f"no held-out file at {path}")
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RESPONSE_KEY, TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(
            text=message.get(TEXT),
            intent=message.get(INTENT_RESPONSE_KEY) or message.get(INTENT),
            entities=tuple(message.get(ENTITIES) or ()),
        )
        for message in data.training_examples
        if message.get(TEXT) and message.get(INTENT)
    ]


def phrasing_lists(kb_dir: Path) -> set[str]:
    """Every phrasing of the knowledge base's zones and triggers, lower case."""
    import yaml

    found: set[str] = set()
    for name in ("zones.yml", "triggers.yml"):
        for item in yaml.safe_load((kb_dir / name).read_text(encoding="utf-8")) or []:
            found.update(" ".join(str(p).lower().split()) for p in item.get("phrasings") or ())
    return found


def span_overlap(examples: Sequence[Example], phrasings: set[str]) -> dict[str, Any]:
    """The share of annotated zone and trigger spans found verbatim among `phrasings`."""
    spans = [
        " ".join(example.text[entity["start"] : entity["end"]].lower().split())
        for example in examples
        for entity in example.entities
        if entity.get("entity") in ("body_zone", "trigger") and "start" in entity
    ]
    verbatim = sum(1 for span in spans if span in phrasings)
    return {
        "spans": len(spans),
        "verbatim": verbatim,
        "share": round(verbatim / len(spans), 4) if spans else None,
    }


def predicted_intent(parse: Mapping[str, Any]) -> tuple[str, float]:
    """The intent a parse result names, retrieval intents whole, and its confidence."""
    intent = parse.get("intent") or {}
    name = str(intent.get("name") or "")
    full = intent.get("full_retrieval_intent_name")
    if not full:
        selector = parse.get("response_selector") or {}
        chosen = selector.get(name) or (
            selector.get("default") if name in selector.get("all_retrieval_intents", ()) else None
        )
        full = ((chosen or {}).get("response") or {}).get("intent_response_key")
    return str(full or name), float(intent.get("confidence") or 0.0)


def model_path(settings: Settings, given: Path | None = None) -> Path:
    """The model to use: `given`, else the one `model ensure` recorded, else the newest."""
    from bot.model import current_model

    if given is not None:
        if not given.is_file():
            raise EvaluationError(f"no model file at {given}")
        return given
    recorded = current_model(settings.model_dir)
    if recorded:
        return recorded[1]
    models = sorted(settings.model_dir.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        raise EvaluationError(f"no trained model in {settings.model_dir}: run `make model`")
    return models[-1]


class ModelParser:
    """The trained model loaded in this process, parsing one message at a time."""

    def __init__(self, path: Path, dask: bool = False):
        from bot.serve import RASA_PROCESS_ENV, SERVING_ENV

        for name, value in {**RASA_PROCESS_ENV, **SERVING_ENV}.items():
            os.environ.setdefault(name, value)
        # The environment's PYTHONWARNINGS is read at start-up: too late for this process.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog
        from rasa.utils.tensorflow.environment import setup_tf_environment

        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)
        # TensorFlow's thread pools from SERVING_ENV, as `rasa run` sets them up.
        setup_tf_environment()
        if not dask:
            from bot.graph_runner import install

            install()  # parse as our Rasa server does (bot/rasa_main.py)
        self.path = path
        self._agent = Agent.load(str(path))
        self._loop = asyncio.new_event_loop()

    def parse(self, text: str) -> tuple[dict[str, Any], float]:
        """The parse result for `text` and how long it took, in milliseconds."""
        started = time.perf_counter()
        result = self._loop.run_until_complete(self._agent.parse_message(text))
        return dict(result), (time.perf_counter() - started) * 1000

    def close(self) -> None:
        """Release the event loop."""
        self._loop.close()


def evaluate(settings: Settings, heldout: Path, model: Path | None = None) -> dict[str, Any]:
    """Parse the held-out file with the model and return the report (also written to JSON)."""
    examples = load_examples(heldout)
    if not examples:
        raise EvaluationError(f"no examples in {heldout}")
    parser = ModelParser(model_path(settings, model))
    try:
        parser.parse(examples[0].text)  # warm-up: the first parse builds graph caches
        predictions = []
        for example in examples:
            parse, milliseconds = parser.parse(example.text)
            intent, confidence = predicted_intent(parse)
            predictions.append(
                Prediction(intent, confidence, tuple(parse.get("entities") or ()), milliseconds)
            )
    finally:
        parser.close()
    from bot.eval_sets import leakage, training_texts

    root = settings.project_root
    report = {
        "model": parser.path.name,
        "heldout": {"path": _shown(heldout, settings), "sha256": file_hash(heldout)},
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **score(examples, predictions),
        **leakage([example.text for example in examples], training_texts(root / "data" / "nlu")),
        "span_overlap": span_overlap(examples, phrasing_lists(root / "data" / "kb")),
    }
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    (settings.reports_dir / REPORT_NAME).write_text(json.dumps(report, indent=2) + "\n")
    return report


def format_report(report: Mapping[str, Any]) -> str:
    """The report as text for a terminal."""
    lines = [
        f"NLU evaluation: {report['examples']} held-out examples from "
        f"{report['heldout']['path']} (sha256 {report['heldout']['sha256'][:12]}), "
        f"model {report['model']}",
        "",
        f"intent macro-F1 {_shown_number(report['intent']['macro_f1'])}   "
        f"accuracy {_shown_number(report['intent']['accuracy'])}",
        f"  {'intent':<34} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}",
    ]
    for intent, row in report["intent"]["per_intent"].items():
        lines.append(
            f"  {intent:<34} {_shown_number(row['precision']):>6} "
            f"{_shown_number(row['recall']):>6} {_shown_number(row['f1']):>6} {row['support']:>5}"
        )
    lines += [
        "",
        f"  {'entity':<34} {'prec':>6} {'rec':>6} {'f1':>6} {'tp':>5} {'fp':>4} {'fn':>4}",
    ]
    for name, row in report["entities"].items():
        lines.append(
            f"  {name:<34} {_shown_number(row['precision']):>6} {_shown_number(row['recall']):>6} "
            f"{_shown_number(row['f1']):>6} {row['tp']:>5} {row['fp']:>4} {row['fn']:>4}"
        )
    negation = report["negation"]
    latency_ms = report["latency_ms"]
    lines += [
        "",
        f"negation accuracy {_shown_number(negation['accuracy'])} "
        f"({negation['correct']}/{negation['total']} gold zones)",
        f"parse latency p50 {latency_ms['p50']} ms, p95 {latency_ms['p95']} ms "
        f"(mean {latency_ms['mean']} ms over {latency_ms['count']})",
        f"leakage {report.get('leakage')} held-out messages near-copy a training example; "
        f"span_overlap {report.get('span_overlap', {}).get('share')} of annotated spans are "
        "knowledge-base phrasings word for word",
    ]
    for leaked in report.get("leaked") or []:
        lines.append(
            f"  leaked {leaked['text']!r} ~ {leaked['similar_to']!r} ({leaked['ratio']:.0f})"
        )
    if report["confusions"]:
        lines += ["", "confusions (gold -> predicted):"]
        lines += [
            f"  {row['count']:>3}  {row['gold']} -> {row['predicted']}"
            for row in report["confusions"]
        ]
    if report["hardest_misses"]:
        lines += ["", "hardest misses:"]
        for miss in report["hardest_misses"]:
            intent = (
                f"intent {miss['gold_intent']} -> {miss['predicted_intent']} ({miss['confidence']})"
                if miss["gold_intent"] != miss["predicted_intent"]
                else f"intent {miss['gold_intent']} ok"
            )
            lines.append(f"  {miss['text']!r}: {intent}")
            if miss["missing"]:
                lines.append(f"      missing {', '.join(miss['missing'])}")
            if miss["extra"]:
                lines.append(f"      extra   {', '.join(miss['extra'])}")
    return "\n".join(lines)


def eval_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the evaluation, print the report (text or JSON); exit 1 if something is missing."""
    heldout = args.heldout or settings.project_root / HELDOUT
    try:
        report = evaluate(settings, heldout, args.model)
    except EvaluationError as error:
        print(f"nlu eval: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    if not args.json:
        print(f"\nwritten to {settings.reports_dir / REPORT_NAME}")
    return 0


def measure_latency(parser: ModelParser, texts: Sequence[str], rounds: int) -> dict[str, Any]:
    """In-process parse time of the whole NLU pipeline over `texts`, `rounds` times each."""
    for text in texts[:5]:  # warm-up: the first parses build graph caches
        parser.parse(text)
    return latency([parser.parse(text)[1] for _ in range(rounds) for text in texts])


def latency_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print the NLU parse latency over the held-out messages as JSON (for `make bench`)."""
    try:
        heldout = args.heldout or settings.project_root / HELDOUT
        texts = [example.text for example in load_examples(heldout)]
        parser = ModelParser(model_path(settings, args.model), dask=args.dask)
    except EvaluationError as error:
        print(f"nlu latency: {error}", file=sys.stderr)
        return 1
    try:
        figures = measure_latency(parser, texts, args.rounds)
    finally:
        parser.close()
    print(json.dumps({"model": parser.path.name, **figures}))
    return 0


def parse_command(args: argparse.Namespace, settings: Settings) -> int:
    """Parse one message with the trained model and print intent and entities."""
    try:
        parser = ModelParser(model_path(settings, args.model))
    except EvaluationError as error:
        print(f"nlu parse: {error}", file=sys.stderr)
        return 1
    try:
        result, milliseconds = parser.parse(args.text)
    finally:
        parser.close()
    if args.json:
        print(json.dumps(result, indent=2, default=str))
        return 0
    intent, confidence = predicted_intent(result)
    print(f"intent: {intent} ({confidence:.3f})   parsed in {milliseconds:.1f} ms")
    for entity in result.get("entities") or ():
        extras = " ".join(
            f"{key}={entity[key]}" for key in ("role", "side", "zone", "level") if key in entity
        )
        confidence_entity = entity.get("confidence_entity")
        shown = f"{confidence_entity:.2f}" if isinstance(confidence_entity, float) else "-"
        print(
            f"  {entity.get('entity')}: {entity.get('value')}  "
            f"{args.text[entity.get('start', 0) : entity.get('end', 0)]!r} "
            f"[{entity.get('start')}:{entity.get('end')}]  {shown}  "
            f"{entity.get('extractor')}  {extras}".rstrip()
        )
    return 0


def register(commands: Any) -> None:
    """Add `nlu eval`, `nlu latency` and `nlu parse` to the project's sub-command parsers."""
    nlu = commands.add_parser("nlu", help="parse with the trained model, evaluate it")
    actions = nlu.add_subparsers(dest="nlu_command", required=True, metavar="ACTION")

    evaluate_parser = actions.add_parser("eval", help="score the model on the held-out file")
    evaluate_parser.add_argument(
        "--heldout", type=Path, help=f"held-out NLU file (default: {HELDOUT})"
    )
    evaluate_parser.add_argument("--json", action="store_true", help="print the JSON report")
    _model_option(evaluate_parser)
    evaluate_parser.set_defaults(func=eval_command)

    timing = actions.add_parser("latency", help="parse time of the held-out messages, as JSON")
    timing.add_argument("--heldout", type=Path, help=f"messages to parse (default: {HELDOUT})")
    timing.add_argument("--rounds", type=int, default=1, help="times to parse each message")
    timing.add_argument(
        "--dask", action="store_true", help="run Rasa's graph with its own dask runner (stock)"
    )
    _model_option(timing)
    timing.set_defaults(func=latency_command)

    parse = actions.add_parser("parse", help="parse one message and print intent and entities")
    parse.add_argument("text", help='the message, e.g. "its not my knee, its my shin"')
    parse.add_argument("--json", action="store_true", help="print Rasa's whole parse result")
    _model_option(parse)
    parse.set_defaults(func=parse_command)


def _model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, help="model file (default: the current model)")


def _support(intent: str, examples: Sequence[Example]) -> int:
    return sum(1 for example in examples if example.intent == intent)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _shown_number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _shown(path: Path, settings: Settings) -> str:
    try:
        return str(path.resolve().relative_to(settings.project_root))
    except ValueError:
        return str(path)
