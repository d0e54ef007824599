"""bot.serve's `rasa run` command: the HTTP API is closed unless a secret guards it."""

from __future__ import annotations

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


def test_cors_origins_are_passed_exactly() -> None:
    command = rasa_run_command(load({"BOT_CORS_ORIGINS": "https://a.example,https://b.example"}))
    origins = [command[i + 1] for i, part in enumerate(command) if part == "--cors"]
    assert origins == ["https://a.example", "https://b.example"]
