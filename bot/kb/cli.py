"""`python -m bot kb ...`: build the knowledge base and ask it questions from the shell."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.kb.query import KBUnavailable, ReferralKB
from bot.settings import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


def register(commands: Any) -> None:
    """Add `kb` and its sub-commands to the project's sub-command parsers."""
    kb = commands.add_parser("kb", help="build and query the referral knowledge base")
    actions = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")

    build = actions.add_parser("build", help="validate data/kb and build the database")
    build.add_argument("--data", type=Path, help="data directory (default: data/kb)")
    build.add_argument("--db", type=Path, help="database to write (default: settings kb_path)")
    build.add_argument(
        "--if-changed", action="store_true", help="skip when the database matches the data"
    )
    build.set_defaults(func=build_command)

    sources = actions.add_parser("sources", help="rank the muscles that may cause a pain")
    sources.add_argument("phrase", help='where it hurts, e.g. "my temples ache"')
    sources.add_argument(
        "--trigger", action="append", default=[], metavar="ID", help="a trigger id (repeatable)"
    )
    sources.add_argument("--side", choices=("left", "right", "both"))
    sources.add_argument("--limit", type=int, default=5, help="how many to show (default 5)")
    sources.add_argument("--json", action="store_true", help="print a JSON list, best first")
    _db_option(sources)
    sources.set_defaults(func=sources_command)

    stats = actions.add_parser("stats", help="count what the knowledge base holds")
    stats.add_argument("--json", action="store_true")
    _db_option(stats)
    stats.set_defaults(func=stats_command)

    muscle = actions.add_parser("muscle", help="show one muscle: where, referral, care")
    muscle.add_argument("muscle_id", metavar="ID", help="muscle id, name or alias")
    _db_option(muscle)
    muscle.set_defaults(func=muscle_command)

    flags = actions.add_parser(
        "redflags", help="read a message with the safety engine: red flags, concepts, sites"
    )
    flags.add_argument("phrase", help='e.g. "my calf is hot and swollen since the flight"')
    flags.add_argument("--json", action="store_true")
    _db_option(flags)
    flags.set_defaults(func=redflags_command)

    zones = actions.add_parser("zones", help="print the zone tree")
    _db_option(zones)
    zones.set_defaults(func=zones_command)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="database to read (default: settings kb_path)")


def build_command(args: argparse.Namespace, settings: Settings) -> int:
    """Build the database; exit 1 with every problem listed if the data is invalid."""
    from bot.kb import builder
    from bot.kb.validate import KBValidationError

    data_dir = args.data or settings.project_root / "data" / "kb"
    db_path = args.db or settings.kb_path
    if args.if_changed and builder.is_current(data_dir, db_path):
        print(f"knowledge base up to date ({db_path})")
        return 0
    try:
        report = builder.build(data_dir, db_path)
    except KBValidationError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"knowledge base not built: {len(error.problems)} problem(s) in {data_dir}; "
            f"{db_path} left as it was",
            file=sys.stderr,
        )
        return 1
    print(f"built {report.db_path} from {data_dir} in {report.seconds:.2f} s")
    for table, count in report.counts.items():
        print(f"  {table:<20} {count:>6}")
    return 0


def sources_command(args: argparse.Namespace, settings: Settings) -> int:
    """Resolve the zones in the phrase and print the ranked muscles."""
    kb = ReferralKB(args.db or settings.kb_path)
    return _answer(lambda: _sources(kb, args))


def _sources(kb: ReferralKB, args: argparse.Namespace) -> int:
    zones = kb.resolve_zones(args.phrase)
    if not zones:
        print(
            f"no zone recognised in {args.phrase!r}; try `kb zones` for the list", file=sys.stderr
        )
        return 1
    unknown = [trigger for trigger in args.trigger if kb.trigger(trigger) is None]
    if unknown:
        known = ", ".join(trigger.id for trigger in kb.triggers())
        print(f"unknown trigger(s) {', '.join(unknown)}; known: {known}", file=sys.stderr)
        return 1
    said = [match.trigger_id for match in kb.resolve_triggers(args.phrase)]
    triggers = list(dict.fromkeys([*args.trigger, *said]))
    ranked = kb.sources_for(
        [match.zone_id for match in zones], triggers, side=args.side, limit=args.limit
    )
    if args.json:
        print(json.dumps([dataclasses.asdict(source) for source in ranked], indent=2))
        return 0
    for cue in kb.resolve_red_flags(args.phrase):
        flag = kb.red_flag(cue.red_flag_id)
        print(f"RED FLAG ({cue.level}) {cue.name}: {flag.advice if flag else ''}")
    print("zones: " + "; ".join(f"{m.name} ({m.zone_id}, {m.method} {m.matched!r})" for m in zones))
    if triggers:
        print("triggers: " + ", ".join(triggers))
    for match in zones:
        if kb.is_vague(match.zone_id):
            narrower = ", ".join(zone.name.lower() for zone in kb.children(match.zone_id))
            print(f"'{match.name}' is broad; ask which part: {narrower}")
    if not ranked:
        print("no muscle in the knowledge base refers pain there")
    for number, source in enumerate(ranked, start=1):
        explained = "; ".join(
            f"{credit.name.lower()} {credit.kind}"
            + (f" via {credit.via}" if credit.via != credit.zone else "")
            for credit in source.zones
        )
        print(f"{number}. {source.name} ({source.id})  score {source.score:g}  [{explained}]")
        print(f"   {source.why}")
    return 0


def stats_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print the counts of what the knowledge base holds."""
    kb = ReferralKB(args.db or settings.kb_path)

    def show() -> int:
        stats = dataclasses.asdict(kb.stats())
        if args.json:
            print(json.dumps(stats, indent=2))
        else:
            for name, value in stats.items():
                print(f"{name:<20} {value}")
        return 0

    return _answer(show)


def redflags_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print what the safety engine (the NLU's and the actions' own) reads in a message."""
    kb = ReferralKB(args.db or settings.kb_path)

    def show() -> int:
        assessment = kb.safety_engine().assess(args.phrase)
        found = [
            {"id": flag.id, "level": flag.level, "evidence": args.phrase[flag.start : flag.end]}
            for flag in assessment.flags
        ]
        if args.json:
            report = {
                "flags": found,
                "concepts": sorted(assessment.concepts),
                "denied": sorted(assessment.denied),
                "screening": list(assessment.sites),
            }
            print(json.dumps(report, indent=2))
            return 0
        for flag in found:
            print(f"RED FLAG ({flag['level']}) {flag['id']}: {flag['evidence']!r}")
        if not found:
            print("no red flag")
        print("concepts: " + (", ".join(sorted(assessment.concepts)) or "-"))
        if assessment.denied:
            print("denied: " + ", ".join(sorted(assessment.denied)))
        if assessment.sites:
            print("screening question first: " + ", ".join(assessment.sites))
        return 0

    return _answer(show)


def muscle_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print one muscle; exit 1 with close ids if there is no such muscle."""
    kb = ReferralKB(args.db or settings.kb_path)

    def show() -> int:
        muscle = kb.muscle(args.muscle_id) or kb.muscle_named(args.muscle_id)
        if muscle is None:
            close = kb.suggest_muscles(args.muscle_id)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            print(f"no muscle {args.muscle_id!r} in the knowledge base{hint}", file=sys.stderr)
            return 1
        print(f"{muscle.name} ({muscle.id}), {muscle.region}")
        if muscle.aliases:
            print(f"also called: {', '.join(muscle.aliases)}")
        print(f"where: {muscle.location}")
        print(f"technique: {muscle.technique}")
        print(f"stretch: {muscle.stretch}")
        if muscle.cautions:
            print(f"cautions: {muscle.cautions}")
        print("refers pain to:")
        for referral in muscle.referrals:
            zone = kb.zone(referral.zone)
            name = zone.name if zone else referral.zone
            print(f"  {name} ({referral.zone}), {referral.kind} [{referral.source}]")
        return 0

    return _answer(show)


def zones_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print the zone tree, one zone a line, indented under its parent."""
    kb = ReferralKB(args.db or settings.kb_path)

    def show() -> int:
        for zone in kb.zones():
            print(f"{'  ' * zone.depth}{zone.name} ({zone.id})")
        return 0

    return _answer(show)


def _answer(show: Callable[[], int]) -> int:
    """Run `show`, turning a missing or unreadable knowledge base into a message and exit 1."""
    try:
        return show()
    except KBUnavailable as error:
        print(error, file=sys.stderr)
        return 1
