"""bot.settings: defaults, overrides and clear errors."""

from __future__ import annotations

import pytest

from bot.settings import PROJECT_ROOT, SettingsError, load


def test_defaults_put_all_state_under_var() -> None:
    settings = load({})
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (5005, 5055, 8080)
    assert settings.var_dir == PROJECT_ROOT / "var"
    assert settings.tracker_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
    assert settings.kb_path == PROJECT_ROOT / "var" / "kb.db"
    assert settings.model_dir == PROJECT_ROOT / "var" / "models"
    assert settings.rasa_api_token is None
    assert settings.cors_origins == ("http://localhost:8080", "http://127.0.0.1:8080")
    assert settings.action_endpoint_url == "http://127.0.0.1:5055/webhook"


def test_environment_overrides() -> None:
    settings = load(
        {
            "BOT_RASA_PORT": "6005",
            "BOT_VAR_DIR": "/tmp/state",
            "BOT_TRACKER_DB_URL": "postgresql://bot:secret@db/conversations",
            "BOT_RASA_API_TOKEN": "s3cret",
            "BOT_CORS_ORIGINS": "https://example.co.uk, https://www.example.co.uk",
        }
    )
    assert settings.rasa_port == 6005
    assert settings.kb_path.as_posix() == "/tmp/state/kb.db"
    assert settings.tracker_db_url == "postgresql://bot:secret@db/conversations"
    assert settings.rasa_api_token == "s3cret"
    assert settings.cors_origins == ("https://example.co.uk", "https://www.example.co.uk")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BOT_RASA_PORT": "fifty"}, "BOT_RASA_PORT must be a port number"),
        ({"BOT_ACTION_PORT": "70000"}, "between 1 and 65535"),
        ({"BOT_TRACKER_DB_URL": "tracker.db"}, "must be a database URL"),
        ({"BOT_CORS_ORIGINS": "*"}, "wildcards are not allowed"),
        ({"BOT_LOG_LEVEL": "chatty"}, "BOT_LOG_LEVEL must be"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load(env)
