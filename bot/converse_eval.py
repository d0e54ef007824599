"""`python -m bot converse eval`: scripted conversations through the running servers.

Each conversation of `tests/converse/*.yml` (written apart from the training data) is
typed, turn by turn, to the REST channel of a stack started as `make run` starts it
(`bot.stack.Assistant`, throw-away databases). A turn expects a kind of reply:

- `explanation`: likely sources named (the reply's `custom.triage.sources`);
- `question`: the bot asks where (its `asked` is "where" or "zone:<id>");
- `screening`: the screening question of a site ("screen:<id>");
- `red_flag`: a red flag raised this turn, no sources named;
- `business`, `human`, `reply`: any answer that is not the rephrase prompt;

and optionally `sources_any` (one of them among the top three), `must` / `must_not`
(regular expressions on the reply's text) and `answerable` (the place has referral data,
so a question instead of an answer is over-asking). The report
(`var/reports/converse-eval.json`) has:

- `source_hit`: turns with `sources_any` whose top three hold one of them;
- `over_ask`: `answerable` turns answered with a question about where;
- `repeats`: bot messages asking a question that repeat an earlier one word for word;
- `first_answer_words_p50` / `_p95`: words in the text of each conversation's first
  explanation (nearest rank);
- `turns_to_first_explanation`: mean, over conversations with one;
- `turn_pass_rate`: turns meeting every expectation, and the misses;
- `leakage`: user messages at 0.85 or more similar to a training example (must be 0).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bot.eval_sets import leakage, set_hash, training_texts
from bot.settings import Settings

SET_DIR = Path("tests") / "converse"
REPORT_NAME = "converse-eval.json"
KINDS = {"explanation", "question", "screening", "red_flag", "business", "human", "reply"}
TOP = 3
WORKERS = 4
MISSES_SHOWN = 40
FALLBACK = "Sorry, I didn't quite follow that"
_WORD = re.compile(r"[A-Za-z0-9'’-]+")


class ConverseError(ValueError):
    """The conversation set is malformed: the text says where."""


@dataclass(frozen=True)
class Turn:
    user: str
    expect: str
    answerable: bool = False
    sources_any: tuple[str, ...] = ()
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    id: str
    file: str
    turns: tuple[Turn, ...]


@dataclass
class TurnResult:
    kind: str
    text: str
    sources: list[str]
    problems: list[str] = field(default_factory=list)


def load(directory: Path) -> list[Conversation]:
    """Every conversation of the set, checked (unique ids, known kinds, valid patterns)."""
    conversations: list[Conversation] = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("conversations") or []:
            turns = []
            for raw in item.get("turns") or []:
                turn = Turn(
                    str(raw["user"]),
                    str(raw["expect"]),
                    bool(raw.get("answerable", False)),
                    tuple(raw.get("sources_any") or ()),
                    tuple(raw.get("must") or ()),
                    tuple(raw.get("must_not") or ()),
                )
                if turn.expect not in KINDS:
                    raise ConverseError(
                        f"{path.name} {item.get('id')}: unknown expect {turn.expect!r}"
                    )
                for pattern in (*turn.must, *turn.must_not):
                    re.compile(pattern)
                turns.append(turn)
            conversations.append(Conversation(str(item["id"]), path.name, tuple(turns)))
    ids = [conversation.id for conversation in conversations]
    if len(ids) != len(set(ids)):
        raise ConverseError("conversation ids must be unique")
    return conversations


def classify(replies: Sequence[Mapping[str, Any]]) -> TurnResult:
    """What kind of reply the bot's messages of one turn are."""
    text = "\n".join(str(reply["text"]) for reply in replies if reply.get("text"))
    triage: Mapping[str, Any] = {}
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, Mapping) and isinstance(custom.get("triage"), Mapping):
            triage = custom["triage"]
    sources = [str(source.get("id")) for source in triage.get("sources") or []]
    asked = str(triage.get("asked") or "")
    if triage.get("red_flag") and not sources and not asked:
        kind = "red_flag"
    elif asked.startswith("screen:"):
        kind = "screening"
    elif asked == "where" or asked.startswith("zone:"):
        kind = "question"
    elif sources:
        kind = "explanation"
    elif not text or text.startswith(FALLBACK):
        kind = "fallback"
    else:
        kind = "reply"
    return TurnResult(kind, text, sources)


def judge(turn: Turn, result: TurnResult, red_flag_before: bool) -> None:
    """Record in `result.problems` every expectation the reply misses."""
    expected = turn.expect
    kind = result.kind
    if expected in {"business", "human", "reply"}:
        fine = kind not in {"fallback", "question", "screening"} and (
            kind != "red_flag" or red_flag_before
        )
    elif expected == "red_flag":
        fine = kind == "red_flag"
    else:
        fine = kind == expected
    if not fine:
        result.problems.append(f"expected {expected}, got {kind}")
    if turn.sources_any and not set(turn.sources_any) & set(result.sources[:TOP]):
        result.problems.append(
            f"none of {list(turn.sources_any)} in top {TOP} {result.sources[:TOP]}"
        )
    for pattern in turn.must:
        if not re.search(pattern, result.text):
            result.problems.append(f"must {pattern!r}")
    for pattern in turn.must_not:
        if re.search(pattern, result.text):
            result.problems.append(f"must not {pattern!r}")


def run_conversation(say: Any, conversation: Conversation) -> list[TurnResult]:
    """Type the conversation's turns; each turn's result, judged."""
    sender = f"converse-{conversation.id}"
    results = []
    red_flag_before = False
    for turn in conversation.turns:
        result = classify(say(sender, turn.user))
        judge(turn, result, red_flag_before)
        red_flag_before = red_flag_before or result.kind == "red_flag"
        results.append(result)
    return results


def score(
    conversations: Sequence[Conversation], results: Sequence[Sequence[TurnResult]]
) -> dict[str, Any]:
    """The figures of the module docstring from the judged turns."""
    hits = sourced = asked = answerable = repeats = passed = total = 0
    words: list[int] = []
    to_first: list[int] = []
    misses = []
    for conversation, turns in zip(conversations, results, strict=True):
        said: list[str] = []
        first_seen = False
        for number, (turn, result) in enumerate(
            zip(conversation.turns, turns, strict=True), start=1
        ):
            total += 1
            passed += not result.problems
            if turn.sources_any:
                sourced += 1
                hits += bool(set(turn.sources_any) & set(result.sources[:TOP]))
            if turn.answerable:
                answerable += 1
                asked += result.kind == "question"
            for message in result.text.split("\n\n"):
                if "?" in message and message in said:
                    repeats += 1
            said += result.text.split("\n\n")
            if result.kind == "explanation" and not first_seen:
                first_seen = True
                words.append(len(_WORD.findall(result.text)))
                to_first.append(number)
            if result.problems:
                misses.append({
                    "conversation": conversation.id, "file": conversation.file, "turn": number,
                    "user": turn.user, "got": result.kind, "sources": result.sources[:TOP],
                    "problems": result.problems, "reply": result.text[:400],
                })  # fmt: skip
    return {
        "conversations": len(conversations),
        "turns": total,
        "source_hit": _ratio(hits, sourced),
        "source_turns": sourced,
        "over_ask": _ratio(asked, answerable),
        "answerable_turns": answerable,
        "repeats": repeats,
        "first_answer_words_p50": _rank(words, 0.5),
        "first_answer_words_p95": _rank(words, 0.95),
        "turns_to_first_explanation": round(statistics.mean(to_first), 2) if to_first else None,
        "turn_pass_rate": _ratio(passed, total),
        "misses": misses[:MISSES_SHOWN],
        "miss_count": len(misses),
    }


def evaluate(settings: Settings, directory: Path) -> dict[str, Any]:
    """Start the stack, run every conversation, write and return the report."""
    from bot.stack import EVALUATION_ENV, Assistant

    conversations = load(directory)
    if not conversations:
        raise ConverseError(f"no conversations in {directory}")
    with tempfile.TemporaryDirectory(prefix="converse-") as workdir:
        stack = Assistant(Path(workdir), Path(workdir) / "tracker.db", EVALUATION_ENV)
        stack.start()
        try:
            with ThreadPoolExecutor(WORKERS) as pool:
                results = list(pool.map(lambda c: run_conversation(stack.say, c), conversations))
        finally:
            stack.stop()
    users = [turn.user for conversation in conversations for turn in conversation.turns]
    from bot.model import current_model

    model = current_model(settings.model_dir)
    report = {
        "model": model[1].name if model else None,
        "set": {"path": str(directory), "sha256": set_hash(directory)},
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **score(conversations, results),
        **leakage(users, training_texts(settings.project_root / "data" / "nlu")),
    }
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    (settings.reports_dir / REPORT_NAME).write_text(json.dumps(report, indent=2) + "\n")
    return report


def format_report(report: Mapping[str, Any]) -> str:
    lines = [
        f"converse-eval: {report['conversations']} conversations, {report['turns']} turns "
        f"(set sha256 {report['set']['sha256'][:12]}, model {report['model']})",
        f"source_hit {report['source_hit']} over {report['source_turns']} turns   "
        f"over_ask {report['over_ask']} over {report['answerable_turns']}   "
        f"repeats {report['repeats']}",
        f"first answer words p50 {report['first_answer_words_p50']}, "
        f"p95 {report['first_answer_words_p95']}   "
        f"turns to first explanation {report['turns_to_first_explanation']}",
        f"turns meeting every expectation {report['turn_pass_rate']} "
        f"({report['miss_count']} misses)   leakage {report['leakage']}",
    ]
    for miss in report["misses"][:20]:
        lines.append(f"  {miss['conversation']} #{miss['turn']} {miss['user']!r}")
        lines.append(f"      {'; '.join(miss['problems'])}")
    return "\n".join(lines)


def eval_command(args: argparse.Namespace, settings: Settings) -> int:
    directory = Path(args.set) if args.set else settings.project_root / SET_DIR
    try:
        report = evaluate(settings, directory)
    except (ConverseError, RuntimeError) as error:
        print(f"converse eval: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0


def register(commands: Any) -> None:
    """Add `converse eval` to the `python -m bot` commands."""
    converse = commands.add_parser("converse", help="scripted conversations through the servers")
    actions = converse.add_subparsers(dest="action", metavar="ACTION", required=True)
    run = actions.add_parser("eval", help="run tests/converse/ and write converse-eval.json")
    run.add_argument("--set", help="a folder of conversation files (default tests/converse)")
    run.set_defaults(func=eval_command)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rank(values: Sequence[int], share: float) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
