"""The hand-written time grammar against well-kept parsers, on the UK time-phrase set.

    python bench/time_compare.py [--json var/reports/time-parsers.json]

Scores every reader `bench/time_parsers.py` finds importable (dateparser and its search,
dateutil in the project's environment; ctparse, duckling, parsedatetime, Recognizers-Text,
datefinder, timefhuman where installed: `make time-compare` builds a separate environment
with them under var/) and the project's grammar (`bot.booking.when`), with the scoring of
`bot.booking.time_eval`. A library's start already in the past counts as "past".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from time_parsers import PARSERS, available  # noqa: E402

from bot.booking import time_eval  # noqa: E402


def library_reader(read: object) -> time_eval.Reader:
    def adapted(text: str, now: datetime) -> time_eval.Reading:
        found = read(text, now)  # type: ignore[operator]
        start = getattr(found, "start", None)
        kind = str(getattr(found, "kind", "none"))
        if start is not None and kind in {"at", "day"}:
            midnight = now.replace(hour=0, minute=0)
            if start < midnight or (kind == "at" and start < now):
                kind = "past"
        return time_eval.Reading(kind, start, getattr(found, "end", None))

    return adapted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="also write the full report here")
    args = parser.parse_args()
    phrases = time_eval.load(ROOT / time_eval.SET_PATH)
    readers: dict[str, time_eval.Reader] = {
        "grammar (bot.booking.when)": time_eval.grammar_reader()
    }
    readers.update({name: library_reader(PARSERS[name]) for name in available()})
    report = {}
    print(f"{len(phrases)} phrases")
    print(
        f"{'reader':28} {'all':>6} " + " ".join(f"{kind:>6}" for kind in time_eval.KINDS) + "   ms"
    )
    for name, reader in readers.items():
        started = time.perf_counter()
        scored = time_eval.score(phrases, reader)
        elapsed = (time.perf_counter() - started) * 1000 / len(phrases)
        scored["ms_per_phrase"] = round(elapsed, 2)
        report[name] = scored
        shares = " ".join(f"{scored['by_kind'].get(kind, 0):>6.2f}" for kind in time_eval.KINDS)
        print(f"{name:28} {scored['accuracy']:>6.3f} {shares} {elapsed:>5.1f}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
