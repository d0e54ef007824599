"""`rasa run` with secrets kept off the command line.

`bot serve rasa` starts this module instead of `python -m rasa run ...`: the API token
and JWT secret come from the environment and go into Rasa's argument list inside the
process, so `ps` and /proc/<pid>/cmdline never show them. Models are loaded with the
project's graph runner (see bot/graph_runner.py), and the action server's answers are
checked with a validator made once (see bot/action_results.py).
"""

from __future__ import annotations

import sys

from bot import settings as settings_module
from bot.serve import rasa_run_command


def main() -> None:
    command = rasa_run_command(settings_module.load())
    # `rasa_run_command` starts with `python -m rasa`; Rasa's CLI wants `rasa ...`.
    sys.argv = ["rasa", *command[3:]]
    from rasa.__main__ import main as rasa_cli

    from bot import action_results, graph_runner

    graph_runner.install()
    action_results.install()
    rasa_cli()


if __name__ == "__main__":
    main()
