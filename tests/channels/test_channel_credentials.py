"""bot.channels.credentials: which messaging apps Rasa listens on, from the environment."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml

from bot.channels.credentials import (
    SOCKETIO,
    effective_credentials,
    write_effective_credentials,
)
from bot.channels.twilio import signed_url
from bot.serve import rasa_run_command
from bot.settings import PROJECT_ROOT, SettingsError, load

BASE = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
REST = "bot.channels.rest.NeverSilentRestInput"
TELEGRAM = "bot.channels.telegram.NeverSilentTelegramInput"
SLACK = "bot.channels.slack.NeverSilentSlackInput"
FACEBOOK = "bot.channels.facebook.NeverSilentFacebookInput"
SMS = "bot.channels.twilio.NeverSilentTwilioInput"
WHATSAPP = "bot.channels.twilio.NeverSilentWhatsAppInput"

TELEGRAM_ENV = {
    "BOT_TELEGRAM_ACCESS_TOKEN": "123:abc",
    "BOT_TELEGRAM_VERIFY": "knotfree_bot",
    "BOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.co.uk/webhooks/telegram/webhook",
}
TWILIO_ACCOUNT = {"BOT_TWILIO_ACCOUNT_SID": "AC123", "BOT_TWILIO_AUTH_TOKEN": "secret"}


def test_the_committed_file_is_rest_and_socketio_only() -> None:
    assert set(BASE) == {REST, SOCKETIO}
    assert effective_credentials(BASE, {}) == {REST: {}, SOCKETIO: BASE[SOCKETIO]}


def test_an_app_with_all_its_variables_is_enabled() -> None:
    credentials = effective_credentials(BASE, {**TELEGRAM_ENV, "BOT_TELEGRAM_API_URL": "http://x"})
    assert credentials[TELEGRAM] == {
        "access_token": "123:abc",
        "verify": "knotfree_bot",
        "webhook_url": "https://bot.example.co.uk/webhooks/telegram/webhook",
        "api_url": "http://x",
    }
    assert set(credentials) == {REST, SOCKETIO, TELEGRAM}


def test_a_half_configured_app_names_what_is_missing() -> None:
    env = {"BOT_SLACK_TOKEN": "xoxb-1", "BOT_FACEBOOK_VERIFY": ""}
    with pytest.raises(
        SettingsError, match="Slack is half configured: also set BOT_SLACK_SIGNING_SECRET"
    ):
        effective_credentials(BASE, env)
    env = {"BOT_FACEBOOK_SECRET": "s"}
    with pytest.raises(SettingsError) as error:
        effective_credentials(BASE, env)
    assert "BOT_FACEBOOK_VERIFY, BOT_FACEBOOK_PAGE_ACCESS_TOKEN" in str(error.value)


def test_blank_variables_count_as_unset() -> None:
    env = {name: " " for name in TELEGRAM_ENV}
    assert TELEGRAM not in effective_credentials(BASE, env)


def test_twilio_sms_and_whatsapp_share_the_account() -> None:
    sms_only = effective_credentials(BASE, {**TWILIO_ACCOUNT, "BOT_TWILIO_NUMBER": "+441234"})
    assert sms_only[SMS]["twilio_number"] == "+441234"
    assert WHATSAPP not in sms_only
    both = effective_credentials(
        BASE,
        {
            **TWILIO_ACCOUNT,
            "BOT_TWILIO_NUMBER": "+441234",
            "BOT_TWILIO_WHATSAPP_NUMBER": "+445678",
            "BOT_TWILIO_API_URL": "http://127.0.0.1:9",
            "BOT_TWILIO_PUBLIC_URL": "https://bot.example.co.uk",
        },
    )
    assert both[WHATSAPP] == {
        "account_sid": "AC123",
        "auth_token": "secret",
        "twilio_number": "+445678",
        "api_url": "http://127.0.0.1:9",
        "public_url": "https://bot.example.co.uk",
    }


def test_twilio_account_without_a_number_says_which_to_set() -> None:
    with pytest.raises(SettingsError) as error:
        effective_credentials(BASE, TWILIO_ACCOUNT)
    assert str(error.value).startswith(
        "BOT_TWILIO_ACCOUNT_SID, BOT_TWILIO_AUTH_TOKEN set but no messaging app uses it: "
        "also set BOT_TWILIO_NUMBER (Twilio SMS) or BOT_TWILIO_WHATSAPP_NUMBER (WhatsApp"
    )
    with pytest.raises(SettingsError, match="also set BOT_TWILIO_AUTH_TOKEN"):
        effective_credentials(BASE, {"BOT_TWILIO_NUMBER": "+441234", "BOT_TWILIO_ACCOUNT_SID": "A"})


def test_socketio_jwt_from_the_secret() -> None:
    credentials = effective_credentials(BASE, {"BOT_SOCKETIO_JWT_SECRET": "s3"})
    assert credentials[SOCKETIO]["jwt_key"] == "s3"
    assert credentials[SOCKETIO]["jwt_method"] == "HS256"
    assert "jwt_key" not in BASE[SOCKETIO]  # the committed mapping is not changed
    env = {"BOT_SOCKETIO_JWT_SECRET": "s3", "BOT_SOCKETIO_JWT_METHOD": "hs512"}
    assert effective_credentials(BASE, env)[SOCKETIO]["jwt_method"] == "HS512"


def test_socketio_jwt_method_is_checked() -> None:
    with pytest.raises(SettingsError, match="must be one of"):
        effective_credentials(
            BASE, {"BOT_SOCKETIO_JWT_SECRET": "s", "BOT_SOCKETIO_JWT_METHOD": "none"}
        )
    with pytest.raises(SettingsError, match="without BOT_SOCKETIO_JWT_SECRET"):
        effective_credentials(BASE, {"BOT_SOCKETIO_JWT_METHOD": "HS256"})


def test_the_written_file_is_private_and_loads_back(tmp_path: Path) -> None:
    old = tmp_path / "credentials.yml"
    old.write_text("stale")
    old.chmod(0o644)
    path = write_effective_credentials(PROJECT_ROOT / "credentials.yml", tmp_path, TELEGRAM_ENV)
    assert path == old
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert yaml.safe_load(path.read_text())[TELEGRAM]["access_token"] == "123:abc"


def test_twilio_checks_the_url_twilio_signed() -> None:
    seen = "http://127.0.0.1:5005/webhooks/twilio/webhook"
    assert signed_url(seen, "/webhooks/twilio/webhook", None) == seen
    assert (
        signed_url(seen, "/webhooks/twilio/webhook", "https://bot.example.co.uk/")
        == "https://bot.example.co.uk/webhooks/twilio/webhook"
    )


def test_rasa_starts_with_the_written_credentials() -> None:
    settings = load({"BOT_VAR_DIR": "/srv/bot-state"})
    command = rasa_run_command(settings)
    assert command[command.index("--credentials") + 1] == "/srv/bot-state/credentials.yml"
