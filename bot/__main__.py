"""`python -m bot`: the project's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import settings as settings_module


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser; each area registers its own sub-commands."""
    from bot import booking_eval, converse_eval, model, nlu_eval, safety_eval, serve
    from bot.booking import cli as booking_cli
    from bot.kb import cli as kb_cli
    from bot.privacy import cli as privacy_cli

    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    kb_cli.register(commands)
    booking_cli.register(commands)
    model.register(commands)
    nlu_eval.register(commands)
    safety_eval.register(commands)
    converse_eval.register(commands)
    booking_eval.register(commands)
    serve.register(commands)
    privacy_cli.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_module.load()
    except settings_module.SettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    return int(args.func(args, settings))


if __name__ == "__main__":
    sys.exit(main())
