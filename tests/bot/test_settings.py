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
    assert (settings.rasa_jwt_secret, settings.rasa_jwt_method) == (None, "HS256")
    assert settings.max_message_chars == 2000
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
        ({"BOT_CORS_ORIGINS": "https://(www|shop)\\.example\\.com"}, "no path, no pattern"),
        ({"BOT_CORS_ORIGINS": "https://example.com/chat"}, "no path, no pattern"),
        ({"BOT_CORS_ORIGINS": "example.com"}, "no path, no pattern"),
        ({"BOT_LOG_LEVEL": "chatty"}, "BOT_LOG_LEVEL must be"),
        ({"BOT_MAX_MESSAGE_CHARS": "0"}, "BOT_MAX_MESSAGE_CHARS must be a positive"),
        ({"BOT_MAX_MESSAGE_CHARS": "lots"}, "BOT_MAX_MESSAGE_CHARS must be a positive"),
        ({"BOT_RASA_JWT_METHOD": "RS256"}, "BOT_RASA_JWT_METHOD must be one of HS256"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load(env)


def test_business_defaults_match_the_service() -> None:
    business = load({}).business
    assert business.timezone == "Europe/London"
    assert (business.opens.isoformat(), business.closes.isoformat()) == ("06:00:00", "00:00:00")
    assert business.session_minutes == (60, 90, 120)
    assert business.prices == {}
    assert business.booking_webhook_url is None


def test_business_overrides() -> None:
    business = load(
        {
            "BOT_BUSINESS_NAME": "Kneads Must",
            "BOT_BOOKING_URL": "https://kneads.example/book",
            "BOT_OPENS": "08:30",
            "BOT_CLOSES": "21:00",
            "BOT_SESSION_MINUTES": "45, 75",
            "BOT_PRICES": "45=£50, 75=£80",
            "BOT_SERVICE_AREA": "Greater Manchester",
        }
    ).business
    assert business.name == "Kneads Must"
    assert business.opens.isoformat() == "08:30:00"
    assert business.session_minutes == (45, 75)
    assert business.prices == {45: "£50", 75: "£80"}
    assert business.area == "Greater Manchester"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BOT_OPENS": "six"}, "BOT_OPENS must be a time"),
        ({"BOT_SESSION_MINUTES": "sixty"}, "BOT_SESSION_MINUTES must be minutes"),
        ({"BOT_SESSION_MINUTES": "0"}, "at least one positive"),
        ({"BOT_PRICES": "60:£65"}, "BOT_PRICES must look like"),
        ({"BOT_PRICES": "30=£40"}, "30-minute session, which is not offered"),
        ({"BOT_TIMEZONE": "Mars/Olympus"}, "BOT_TIMEZONE must be a time zone"),
    ],
)
def test_bad_business_values_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load(env)


def test_retention_and_the_privacy_notice() -> None:
    default = load({})
    kept = default.retention
    assert (kept.conversation_days, kept.booking_days, kept.callback_days) == (90, 30, 30)
    assert (kept.options_hours, kept.purge_interval_seconds) == (24, 3600)
    assert default.privacy.controller == default.business.name and default.privacy.contact == ""
    custom = load(
        {
            "BOT_RETAIN_CONVERSATION_DAYS": "30",
            "BOT_RETAIN_BOOKING_DAYS": "7",
            "BOT_PURGE_INTERVAL": "600",
            "BOT_PRIVACY_CONTROLLER": "Knot Free Ltd",
            "BOT_PRIVACY_CONTACT": "privacy@knotfree.example",
            "BOT_PRIVACY_URL": "https://knotfree.example/privacy",
        }
    )
    assert (custom.retention.conversation_days, custom.retention.booking_days) == (30, 7)
    assert custom.retention.purge_interval_seconds == 600
    assert custom.privacy.controller == "Knot Free Ltd"
    assert custom.privacy.url == "https://knotfree.example/privacy"


@pytest.mark.parametrize("value", ["0", "-3", "ninety", "1.5"])
def test_a_retention_period_must_be_a_positive_whole_number(value: str) -> None:
    with pytest.raises(SettingsError, match="BOT_RETAIN_CONVERSATION_DAYS"):
        load({"BOT_RETAIN_CONVERSATION_DAYS": value})
