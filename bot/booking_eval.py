"""`python -m bot booking eval`: scripted booking conversations through the running servers.

Each conversation of `tests/booking/conversations*.yml` (written apart from the code and
the training data, by two helpers who never read them) says what the person types first,
how they answer each question the form asks (the n-th answer the n-th time it is asked),
what they add before a question
(`extra`: a correction, a question, a pause), a message to continue after a pause
(`resume`), and what they meant to book (`expect`). The driver talks to a stack started as
`make run` starts it, with the clock frozen at `FROZEN_NOW`, and knows which question a
reply asks from its `custom.form.asking` marker, as the widget does. With `buttons: true`
an answer that equals a button's title is sent as that button's payload.

The report (`var/reports/booking-eval.json`) has `completed` (conversations whose stored
booking matches every expected field), `wrong_booking` (stored bookings with a field the
person did not mean, or a booking nobody wanted: must be 0), `respected_no` (conversations
that end without a booking, as meant), `turns_per_booking_p50` (messages the person typed
in completed conversations), `stuck` (a question asked more often than the person had
answers for it), and `leakage` (messages of five or more words at 0.85 or more similar to a
training example; shorter answers like "yes please" or a postcode are forms, not wording).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.eval_sets import leakage, set_hash, training_texts
from bot.settings import Settings

SET_PATH = Path("tests") / "booking"  # every conversations*.yml in it
REPORT_NAME = "booking-eval.json"
FROZEN_NOW = "2026-12-03 11:00"  # the clock the set was written against (Thursday)
THERAPISTS = "1000"  # the conversations share one diary: availability is tested apart
ZONE = ZoneInfo("Europe/London")
QUESTIONS = ("when", "postcode", "minutes", "name", "contact", "notes", "confirm")
MAX_MESSAGES = 30
WORKERS = 4  # conversations at once on each stack
# Stacks run side by side, the conversations dealt between them: one Rasa process is the
# bottleneck (about 92% of a core), so two on two cores nearly halve the run.
STACKS = 2
LEAKAGE_MIN_WORDS = 5

Say = Callable[[str, str], list[dict[str, Any]]]


class BookingEvalError(ValueError):
    """The conversation set is malformed: the text says where."""


@dataclass(frozen=True)
class Conversation:
    id: str
    style: str
    buttons: bool
    opening: tuple[str, ...]
    answers: Mapping[str, tuple[str, ...]]
    extra: Mapping[str, str]
    resume: str | None
    expect: Mapping[str, Any]

    @property
    def wants_booking(self) -> bool:
        return self.expect.get("booked", True) is not False

    def messages(self) -> list[str]:
        said = [*self.opening, *self.extra.values()]
        said += [answer for answers in self.answers.values() for answer in answers]
        return said + ([self.resume] if self.resume else [])


@dataclass
class Run:
    """What happened in one conversation."""

    sent: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    stuck: str | None = None


def load(path: Path) -> list[Conversation]:
    """The conversations of the set, checked for their shape."""
    data = yaml.safe_load(path.read_text()) or []
    if not isinstance(data, list):
        raise BookingEvalError(f"{path}: expected a list of conversations")
    conversations = []
    for item in data:
        where = f"{path}: {item.get('id', '?')}"
        answers = item.get("answers") or {}
        unknown = set(answers) - set(QUESTIONS)
        if unknown:
            raise BookingEvalError(f"{where}: unknown questions {sorted(unknown)}")
        extra = {}
        for entry in item.get("extra") or ():
            if entry.get("before") not in QUESTIONS:
                raise BookingEvalError(f"{where}: extra before {entry.get('before')!r}")
            extra[str(entry["before"])] = str(entry["say"])
        expect = item.get("expect")
        if not isinstance(expect, dict):
            raise BookingEvalError(f"{where}: no expect")
        conversations.append(
            Conversation(
                id=str(item["id"]),
                style=str(item.get("style", "")),
                buttons=bool(item.get("buttons")),
                opening=tuple(str(text) for text in item.get("opening") or ()),
                answers={key: tuple(str(text) for text in value) for key, value in answers.items()},
                extra=extra,
                resume=str(item["resume"]) if item.get("resume") else None,
                expect=expect,
            )
        )
    return conversations


def asked(replies: Sequence[Mapping[str, Any]]) -> str | None:
    """The question the replies end on (their last `custom.form.asking`), if any."""
    for reply in reversed(replies):
        custom = reply.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("form"), dict):
            return str(custom["form"].get("asking"))
    return None


def run_conversation(say: Say, conversation: Conversation, sender: str) -> Run:
    """Type the conversation to the bot, answering whatever it asks."""
    run = Run()
    used = {question: 0 for question in QUESTIONS}
    extra = dict(conversation.extra)
    resume = conversation.resume
    replies: list[dict[str, Any]] = []

    def send(text: str) -> None:
        nonlocal replies
        payload = _button_for(text, replies) if conversation.buttons else None
        run.sent.append(text)
        run.transcript.append(f"> {text}")
        replies = say(sender, payload or text)
        run.transcript += [f"< {reply.get('text', '')}" for reply in replies if reply.get("text")]

    for text in conversation.opening:
        send(text)
    while len(run.sent) < MAX_MESSAGES:
        question = asked(replies)
        if question is None:
            if resume:
                send(resume)
                resume = None
                continue
            break
        if question in extra:
            send(extra.pop(question))
            continue
        answers = conversation.answers.get(question, ())
        if used.get(question, 0) >= len(answers):  # e.g. the manage form's "reference"
            run.stuck = question
            break
        send(answers[used[question]])
        used[question] += 1
    return run


def judge(conversation: Conversation, stored: list[Mapping[str, Any]]) -> list[str]:
    """What is wrong with the stored bookings for this conversation (empty: as meant)."""
    if not conversation.wants_booking:
        return [f"booked {len(stored)} unwanted"] if stored else []
    if not stored:
        return ["no booking stored"]
    if len(stored) > 1:
        return [f"{len(stored)} bookings stored"]
    return _field_problems(conversation.expect, stored[0])


def score(
    conversations: Sequence[Conversation], runs: Sequence[Run], stored: Mapping[str, list[Any]]
) -> dict[str, Any]:
    wanted = [c for c in conversations if c.wants_booking]
    completed, wrong, respected, turns, misses = 0, 0, 0, [], []
    for conversation, run in zip(conversations, runs, strict=True):
        bookings = stored.get(conversation.id, [])
        problems = judge(conversation, bookings)
        if bookings and problems:
            wrong += len(bookings)
        if not problems:
            if conversation.wants_booking:
                completed += 1
                turns.append(len(run.sent))
            else:
                respected += 1
        else:
            misses.append(
                {
                    "conversation": conversation.id,
                    "style": conversation.style,
                    "problems": problems + ([f"stuck at {run.stuck}"] if run.stuck else []),
                    "transcript": run.transcript[-30:],
                }
            )
    unwanted = len(conversations) - len(wanted)
    return {
        "conversations": len(conversations),
        "typed_only": sum(1 for c in conversations if not c.buttons),
        "completed": _ratio(completed, len(wanted)),
        "completed_count": completed,
        "wanted": len(wanted),
        "wrong_booking": wrong,
        "respected_no": _ratio(respected, unwanted),
        "turns_per_booking_p50": _median(turns),
        "stuck": sum(1 for run in runs if run.stuck),
        "by_style": _by_style(conversations, misses),
        "misses": misses,
    }


def load_all(path: Path) -> list[Conversation]:
    """The conversations of one file, or of every conversations*.yml in a folder."""
    if path.is_dir():
        return [c for file in sorted(path.glob("conversations*.yml")) for c in load(file)]
    return load(path)


def evaluate(settings: Settings, path: Path) -> dict[str, Any]:
    """Start the stack with the frozen clock, run every conversation, write the report."""
    from bot.stack import EVALUATION_ENV, Assistant

    conversations = load_all(path)
    if not conversations:
        raise BookingEvalError(f"no conversations in {path}")
    with tempfile.TemporaryDirectory(prefix="booking-eval-") as workdir:
        stacks = []
        for number in range(stack_count()):
            folder = Path(workdir) / f"stack-{number}"
            folder.mkdir()
            env = {"BOT_FROZEN_NOW": FROZEN_NOW, "BOT_THERAPISTS": THERAPISTS, **EVALUATION_ENV}
            stacks.append(Assistant(folder, folder / "tracker.db", env))
        try:
            with ThreadPoolExecutor(len(stacks)) as starting:
                for started in [starting.submit(stack.start) for stack in stacks]:
                    started.result()
            with ThreadPoolExecutor(WORKERS * len(stacks)) as pool:
                runs = list(
                    pool.map(
                        lambda dealt: run_conversation(
                            stacks[dealt[0] % len(stacks)].say,
                            dealt[1],
                            f"booking-eval-{dealt[1].id}",
                        ),
                        enumerate(conversations),
                    )
                )
        finally:
            for stack in stacks:
                if stack.process is not None:
                    # stop() kills a stack that does not stop in time, then says so
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        stack.stop()
        stored = {
            conversation: rows
            for stack in stacks
            for conversation, rows in _stored(stack.bookings_db).items()
        }
    messages = [text for c in conversations for text in c.messages()]
    long_messages = [text for text in messages if len(text.split()) >= LEAKAGE_MIN_WORDS]
    from bot.model import current_model

    model = current_model(settings.model_dir)
    report = {
        "model": model[1].name if model else None,
        "set": {"path": str(path), "sha256": set_hash(path if path.is_dir() else path.parent)},
        "frozen_now": FROZEN_NOW,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **score(conversations, runs, stored),
        **leakage(long_messages, training_texts(settings.project_root / "data" / "nlu")),
    }
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    (settings.reports_dir / REPORT_NAME).write_text(json.dumps(report, indent=2) + "\n")
    return report


def stack_count() -> int:
    """How many stacks to run side by side: `STACKS`, at most one per core."""
    return max(1, min(STACKS, os.cpu_count() or 1))


def format_report(report: Mapping[str, Any]) -> str:
    lines = [
        f"booking-eval: {report['conversations']} conversations "
        f"({report['typed_only']} typed only), clock frozen at {report['frozen_now']}",
        f"completed {report['completed']} ({report['completed_count']} of {report['wanted']})   "
        f"wrong_booking {report['wrong_booking']}   respected_no {report['respected_no']}   "
        f"turns per booking p50 {report['turns_per_booking_p50']}   stuck {report['stuck']}   "
        f"leakage {report['leakage']}",
    ]
    for miss in report["misses"][:15]:
        lines.append(f"  {miss['conversation']} ({miss['style']}): {'; '.join(miss['problems'])}")
    return "\n".join(lines)


def eval_command(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.set) if args.set else settings.project_root / SET_PATH
    try:
        report = evaluate(settings, path)
    except (BookingEvalError, RuntimeError) as error:
        print(f"booking eval: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0


def register(commands: Any) -> None:
    """Add `booking eval` to the `python -m bot` commands."""
    booking = commands.add_parser("booking", help="scripted booking conversations")
    actions = booking.add_subparsers(dest="action", metavar="ACTION", required=True)
    run = actions.add_parser("eval", help="run the booking conversations -> booking-eval.json")
    run.add_argument("--set", help="a conversation file or folder (default tests/booking/)")
    run.set_defaults(func=eval_command)


def _field_problems(expect: Mapping[str, Any], row: Mapping[str, Any]) -> list[str]:
    problems = []
    start = datetime.fromisoformat(str(row["starts_at"])).astimezone(ZONE)
    if "start" in expect and start.strftime("%Y-%m-%d %H:%M") != str(expect["start"]):
        problems.append(f"start {start:%Y-%m-%d %H:%M} != {expect['start']}")
    if "minutes" in expect and int(row["session_minutes"]) != int(expect["minutes"]):
        problems.append(f"minutes {row['session_minutes']} != {expect['minutes']}")
    if "postcode" in expect and str(row["postcode"]) != str(expect["postcode"]).upper():
        problems.append(f"postcode {row['postcode']} != {expect['postcode']}")
    if "name" in expect and _folded(row["name"]) != _folded(expect["name"]):
        problems.append(f"name {row['name']!r} != {expect['name']!r}")
    if "contact" in expect and str(row["contact"]).lower() != str(expect["contact"]).lower():
        problems.append(f"contact {row['contact']} != {expect['contact']}")
    notes = str(row["notes"]).casefold()
    missing = [word for word in expect.get("notes_has") or () if str(word).casefold() not in notes]
    if missing:
        problems.append(f"notes {row['notes']!r} lack {missing}")
    return problems


def _stored(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The stored bookings by conversation id (booking-eval-<id> -> <id>)."""
    if not path.exists():
        return {}
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        rows = [dict(row) for row in connection.execute("SELECT * FROM bookings")]
    except sqlite3.OperationalError:
        rows = []
    finally:
        connection.close()
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("status") == "cancelled":
            continue
        conversation = str(row["conversation_id"]).removeprefix("rest:booking-eval-")
        found.setdefault(conversation, []).append(row)
    return found


def _button_for(text: str, replies: Sequence[Mapping[str, Any]]) -> str | None:
    for reply in reversed(replies):
        for button in reply.get("buttons") or ():
            if str(button.get("title", "")).casefold() == text.casefold():
                return str(button.get("payload"))
    return None


def _by_style(
    conversations: Sequence[Conversation], misses: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, int]]:
    missed = {miss["conversation"] for miss in misses}
    styles: dict[str, dict[str, int]] = {}
    for conversation in conversations:
        entry = styles.setdefault(conversation.style, {"conversations": 0, "as_meant": 0})
        entry["conversations"] += 1
        entry["as_meant"] += conversation.id not in missed
    return styles


def _folded(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _median(values: Sequence[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) / 2) - 1)]
