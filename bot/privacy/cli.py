"""`python -m bot privacy ...`: retention, access and erasure of what is kept about people.

    python -m bot privacy purge                    apply the retention periods now
    python -m bot privacy export --phone 07400 123456 [--out FILE]
    python -m bot privacy erase --conversation sms:+447400123456 --yes
    python -m bot privacy log                      what was purged and erased, when

A person is named by `--conversation ID` (repeatable; namespaced, as `bot bookings` and
the logs show them: `web:…`, `sms:+44…`), `--phone` or `--email`. `erase` without `--yes`
shows what it would delete and deletes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.booking.contact import ContactError, parse_email
from bot.callbacks import parse_phone
from bot.privacy import log
from bot.privacy.erasure import erase, export
from bot.privacy.person import Person, PersonError, stores_of
from bot.privacy.purge import purge
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add `privacy` and its sub-commands to the project's sub-command parsers."""
    privacy = commands.add_parser("privacy", help="retention, export and erasure of personal data")
    actions = privacy.add_subparsers(dest="privacy_command", required=True, metavar="ACTION")
    actions.add_parser("purge", help="delete what is past its retention period").set_defaults(
        func=purge_command
    )
    exporting = actions.add_parser("export", help="write everything held about a person as JSON")
    _person_options(exporting)
    exporting.add_argument("--out", metavar="FILE", default="-", help='JSON file ("-": stdout)')
    exporting.set_defaults(func=export_command)
    erasing = actions.add_parser("erase", help="delete everything held about a person")
    _person_options(erasing)
    erasing.add_argument("--yes", action="store_true", help="really delete (else: a dry run)")
    erasing.set_defaults(func=erase_command)
    actions.add_parser("log", help="what was purged and erased, when").set_defaults(
        func=log_command
    )


def _person_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--conversation", action="append", default=[], metavar="ID")
    parser.add_argument("--phone", help="a UK phone number, as people write it")
    parser.add_argument("--email")


def person_of(args: argparse.Namespace) -> Person:
    """The person the options name; PersonError with a clear message when they cannot."""
    phone = None
    if args.phone:
        phone = parse_phone(args.phone)
        if phone is None:
            raise PersonError(f"{args.phone!r} is not a UK phone number")
    email = None
    if args.email:
        try:
            email = parse_email(args.email)
        except ContactError as error:
            raise PersonError(str(error)) from None
    conversations = tuple(c.strip() for c in args.conversation if c.strip())
    return Person(conversations, phone, email)


def purge_command(args: argparse.Namespace, settings: Settings) -> int:
    purged = purge(stores_of(settings), settings.retention, datetime.now(timezone.utc))
    counts = ", ".join(f"{name} {count}" for name, count in purged.as_dict().items())
    print(f"purged: {counts}")
    return 0


def _person_or_none(args: argparse.Namespace, command: str) -> Person | None:
    try:
        return person_of(args)
    except PersonError as error:
        print(f"privacy {command}: {error}", file=sys.stderr)
        return None


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    person = _person_or_none(args, "export")
    if person is None:
        return 2
    data = export(stores_of(settings), person, datetime.now(timezone.utc))
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    if args.out == "-":
        print(text)
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
        out.chmod(0o600)  # it is a person's health data
        print(f"wrote {out}: {_summary(data)}", file=sys.stderr)
    return 0


def erase_command(args: argparse.Namespace, settings: Settings) -> int:
    person = _person_or_none(args, "erase")
    if person is None:
        return 2
    stores = stores_of(settings)
    now = datetime.now(timezone.utc)
    if not args.yes:
        print(f"would erase {_summary(export(stores, person, now))}; run again with --yes")
        return 0
    erased = erase(stores, person, now, reason="cli")
    counts = ", ".join(f"{name} {count}" for name, count in erased.as_dict().items())
    print(f"erased: {counts}" if erased.anything else "nothing was held about them")
    return 0


def log_command(args: argparse.Namespace, settings: Settings) -> int:
    for entry in log.entries(stores_of(settings).log_db):
        counts = ", ".join(f"{name} {count}" for name, count in entry["counts"].items() if count)
        print(f"{entry['at']}  {entry['kind']:<5}  {entry['reason']:<8}  {counts or '-'}")
    return 0


def _summary(data: dict[str, Any]) -> str:
    return (
        f"{len(data['conversations'])} conversations, {len(data['bookings'])} bookings, "
        f"{len(data['webhook_deliveries'])} webhook deliveries, "
        f"{len(data['callback_requests'])} call-back requests, "
        f"{len(data['offered_options'])} offered options"
    )
