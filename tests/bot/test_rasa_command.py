"""bot.serve's `rasa run` command: the HTTP API is closed unless a secret guards it."""

from __future__ import annotations

import argparse

from rasa.cli.arguments.run import add_server_arguments

from bot.serve import rasa_run_command
from bot.settings import load


def test_the_api_is_off_without_a_token_or_jwt_secret() -> None:
    command = rasa_run_command(load({}))
    assert "--enable-api" not in command
    assert "--auth-token" not in command and "--jwt-secret" not in command


def test_a_token_opens_the_api_behind_it() -> None:
    command = rasa_run_command(load({"BOT_RASA_API_TOKEN": "t0ken"}))
    assert "--enable-api" in command
    assert command[command.index("--auth-token") + 1] == "t0ken"


def test_a_jwt_secret_opens_the_api_behind_it() -> None:
    command = rasa_run_command(load({"BOT_RASA_JWT_SECRET": "shh", "BOT_RASA_JWT_METHOD": "hs512"}))
    assert command.count("--enable-api") == 1
    assert command[command.index("--jwt-secret") + 1] == "shh"
    assert command[command.index("--jwt-method") + 1] == "HS512"


def parsed_by_rasa(command: list[str]) -> argparse.Namespace:
    """The options Rasa's own `rasa run` parser reads from `command`."""
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    options, _ = parser.parse_known_args(command[command.index("run") + 1 :])
    return options


def test_rasa_reads_every_cors_origin() -> None:
    # A repeated --cors would leave Rasa with the last origin only.
    command = rasa_run_command(load({"BOT_CORS_ORIGINS": "https://a.example,https://b.example"}))
    assert parsed_by_rasa(command).cors == ["https://a.example", "https://b.example"]
    default = rasa_run_command(load({"BOT_WEB_PORT": "8081"}))
    assert parsed_by_rasa(default).cors == ["http://localhost:8081", "http://127.0.0.1:8081"]


def test_rasa_logs_at_the_configured_level() -> None:
    from bot.serve import rasa_env

    assert rasa_env(load({}), {})["LOG_LEVEL"] == "INFO"
    assert rasa_env(load({"BOT_LOG_LEVEL": "warning"}), {})["LOG_LEVEL"] == "WARNING"
