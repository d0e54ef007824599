"""`python -m bot safety eval`: score the red-flag handling on the held-out safety set.

The set (`tests/safety/*.yml`) was written apart from the rules and the training data:
messages that must be escalated (`expect`: a red-flag id, `level`: crisis, emergency,
urgent or gp) and near-misses that must be triaged normally (`expect: none`). Each
message goes through the trained NLU (intent, zones) and `bot.safety.decision.decide`,
as the actions do; `--engine` skips the model and reads with the rules alone.

The report (`var/reports/safety-eval.json`): `recall` (escalated at the due level or a
more urgent one), `emergency_recall`, `crisis_recall`, `under_triage` (escalated, but at
a less urgent level than due), `false_alarm_rate` (near-misses escalated), per-flag recall,
the misses, and `leakage`: test messages at 0.85 or more similar (rapidfuzz ratio) to a
training example or a lexicon term, which must be 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bot.eval_sets import leakage, set_hash, training_texts
from bot.settings import Settings

SAFETY_SET = Path("tests/safety")
REPORT_NAME = "safety-eval.json"
TRAINING_DIR = Path("data/nlu")
ESCALATION_ORDER = ("gp", "urgent", "emergency")  # least to most urgent
NONE = "none"
CRISIS = "crisis"
EMERGENCY = "emergency"
MISSES_SHOWN = 400


class SafetyEvalError(RuntimeError):
    """The safety set or the model cannot be read."""


@dataclass(frozen=True)
class Case:
    """One held-out message and what it must get."""

    text: str
    expect: str
    level: str
    source: str


@dataclass(frozen=True)
class Outcome:
    """What the assistant did with a message: the decision kind, flag and level."""

    kind: str
    flag: str | None
    level: str | None

    @property
    def escalated(self) -> bool:
        return self.kind in ("crisis", "flag")


def load_cases(directory: Path) -> list[Case]:
    """Every case in the YAML files of `directory`, in file order."""
    cases: list[Case] = []
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise SafetyEvalError(f"no safety set in {directory}")
    for path in files:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, Mapping) or not isinstance(item.get("text"), str):
                raise SafetyEvalError(f"{path.name} item {number}: needs text, expect and level")
            cases.append(
                Case(
                    item["text"],
                    str(item.get("expect") or NONE),
                    str(item.get("level") or NONE),
                    path.name,
                )
            )
    return cases


def score(cases: Sequence[Case], outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The safety figures for `outcomes` (one per case, same order)."""
    escalate = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.level != NONE]
    near = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.level == NONE]
    hits = [(c, o) for c, o in escalate if _at_due_level(c, o)]
    under = [
        (c, o)
        for c, o in escalate
        if c.level in ESCALATION_ORDER
        and o.level in ESCALATION_ORDER
        and ESCALATION_ORDER.index(o.level) < ESCALATION_ORDER.index(c.level)
    ]
    emergencies = [(c, o) for c, o in escalate if c.level == EMERGENCY]
    crises = [(c, o) for c, o in escalate if c.level == CRISIS]
    false_alarms = [(c, o) for c, o in near if o.escalated]
    per_flag: dict[str, dict[str, Any]] = {}
    for flag in sorted({c.expect for c, _ in escalate}):
        of_flag = [(c, o) for c, o in escalate if c.expect == flag]
        caught = sum(1 for c, o in of_flag if _at_due_level(c, o))
        per_flag[flag] = {
            "level": of_flag[0][0].level,
            "n": len(of_flag),
            "recall": round(caught / len(of_flag), 4),
            "same_flag": round(sum(1 for c, o in of_flag if o.flag == c.expect) / len(of_flag), 4),
        }
    return {
        "n_escalate": len(escalate),
        "n_near_miss": len(near),
        "recall": _share(len(hits), len(escalate)),
        "emergency_recall": _share(
            sum(1 for c, o in emergencies if _at_due_level(c, o)), len(emergencies)
        ),
        "crisis_recall": _share(sum(1 for c, o in crises if o.kind == CRISIS), len(crises)),
        "under_triage": len(under),
        "under_triage_emergency": sum(1 for c, _ in under if c.level == EMERGENCY),
        "false_alarm_rate": _share(len(false_alarms), len(near)),
        "false_alarms": len(false_alarms),
        "near_miss_screened": sum(1 for _, o in near if o.kind == "screen"),
        "same_flag": _share(sum(1 for c, o in escalate if o.flag == c.expect), len(escalate)),
        "per_flag": per_flag,
        "misses": [
            {"text": c.text, "expect": c.expect, "level": c.level, "got": _shown(o)}
            for c, o in escalate
            if not _at_due_level(c, o)
        ][:MISSES_SHOWN],
        "false_alarm_examples": [{"text": c.text, "got": _shown(o)} for c, o in false_alarms][
            :MISSES_SHOWN
        ],
    }


def evaluate(settings: Settings, directory: Path, engine_only: bool = False) -> dict[str, Any]:
    """Decide every case (through the model unless `engine_only`) and write the report."""
    from bot.kb.query import ReferralKB

    cases = load_cases(directory)
    kb = ReferralKB(settings.kb_path)
    engine = kb.safety_engine()
    model_name = None
    if engine_only:
        decide_case = _engine_decider(engine)
    else:
        from bot.nlu_eval import model_path

        model = model_path(settings)
        model_name = model.name
        decide_case = _model_decider(model, engine)
    outcomes = [decide_case(case.text) for case in cases]
    lexicon = [term for concept in engine.rules.concepts for term in concept.terms] + [
        term for trigger in engine.rules.context for term in engine.rules.expanded_terms(trigger)
    ]
    report = {
        "mode": "engine" if engine_only else "model",
        "model": model_name,
        "kb_hash": kb.stats().content_hash,
        "set": {
            "path": str(directory),
            "files": sorted({case.source for case in cases}),
            "sha256": set_hash(directory),
        },
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **score(cases, outcomes),
        **leakage(
            (case.text for case in cases),
            training_texts(settings.project_root / TRAINING_DIR) + lexicon,
        ),
    }
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    (settings.reports_dir / REPORT_NAME).write_text(json.dumps(report, indent=2) + "\n")
    return report


def _engine_decider(engine: Any) -> Callable[[str], Outcome]:
    from bot.safety.decision import decide

    def run(text: str) -> Outcome:
        decision = decide(engine, text)
        return Outcome(decision.kind, decision.flag, decision.level)

    return run


def _model_decider(model: Path, engine: Any) -> Callable[[str], Outcome]:
    from bot.nlu_eval import ModelParser, predicted_intent
    from bot.safety.decision import decide

    parser = ModelParser(model)

    def run(text: str) -> Outcome:
        parse, _ = parser.parse(text)
        intent, _ = predicted_intent(parse)
        zones = [
            entity["value"]
            for entity in parse.get("entities") or ()
            if entity.get("entity") == "body_zone" and entity.get("role") != "negated"
        ]
        named = [
            entity["value"]
            for entity in parse.get("entities") or ()
            if entity.get("entity") == "red_flag" and entity.get("role") != "negated"
        ]
        decision = decide(engine, text, intent=intent, zones=zones, named=named)
        return Outcome(decision.kind, decision.flag, decision.level)

    return run


def format_report(report: Mapping[str, Any]) -> str:
    """The report as text: the headline figures, per flag, the misses."""
    lines = [
        f"safety eval ({report['mode']}): {report['n_escalate']} to escalate, "
        f"{report['n_near_miss']} near-misses",
        f"  recall {report['recall']}  emergency recall {report['emergency_recall']}  "
        f"crisis recall {report['crisis_recall']}",
        f"  under-triage {report['under_triage']} (emergency {report['under_triage_emergency']})  "
        f"false alarms {report['false_alarms']} (rate {report['false_alarm_rate']})  "
        f"leakage {report['leakage']}",
        "  per flag (recall, same flag, n):",
    ]
    for flag, figures in report["per_flag"].items():
        lines.append(
            f"    {flag:38} {figures['level']:9} {figures['recall']:.3f} "
            f"{figures['same_flag']:.3f} {figures['n']}"
        )
    for title, key in (("misses", "misses"), ("false alarms", "false_alarm_examples")):
        if report[key]:
            lines.append(f"  {title}:")
            lines += [
                f"    [{item.get('expect', '-')} -> {item['got']}] {item['text']}"
                for item in report[key]
            ]
    return "\n".join(lines)


def eval_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the evaluation and print it; exit 1 if the set or the model is missing."""
    directory = args.set or settings.project_root / SAFETY_SET
    try:
        report = evaluate(settings, directory, engine_only=args.engine)
    except SafetyEvalError as error:
        print(f"safety eval: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def register(commands: Any) -> None:
    """Add `safety eval` to the project's sub-command parsers."""
    safety = commands.add_parser("safety", help="evaluate the red-flag handling")
    actions = safety.add_subparsers(dest="safety_command", required=True, metavar="ACTION")
    evaluate_parser = actions.add_parser("eval", help="score the held-out safety set")
    evaluate_parser.add_argument(
        "--set", type=Path, help=f"folder of YAML cases (default: {SAFETY_SET})"
    )
    evaluate_parser.add_argument("--engine", action="store_true", help="the rules alone, no model")
    evaluate_parser.add_argument("--json", action="store_true", help="print the JSON report")
    evaluate_parser.set_defaults(func=eval_command)


def _at_due_level(case: Case, outcome: Outcome) -> bool:
    if case.level == CRISIS:
        return outcome.kind == CRISIS
    if outcome.kind != "flag" or outcome.level not in ESCALATION_ORDER:
        return False
    return ESCALATION_ORDER.index(outcome.level) >= ESCALATION_ORDER.index(case.level)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _shown(outcome: Outcome) -> str:
    if outcome.kind in ("crisis", "flag"):
        return f"{outcome.flag} ({outcome.level})"
    return outcome.kind
