"""The channels Rasa listens on: the committed credentials.yml plus configured apps.

Rasa cannot skip a credentials section whose `${VAR}` is unset, so the committed file
holds only what is always on (REST, socket.io) and `python -m bot serve rasa` writes the
effective file to `<var>/credentials.yml` (mode 0600: it holds tokens) with each
messaging app whose environment variables are all set. An app with only some of them
set stops the start with the names of the missing ones: a half-configured app that
silently never answers is harder to find than an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.settings import SettingsError, jwt_method

SOCKETIO = "bot.channels.socketio.PersistentSocketIOInput"
SOCKETIO_JWT_METHODS = (
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"
)  # fmt: skip
EFFECTIVE_FILE = "credentials.yml"


@dataclass(frozen=True)
class Connector:
    """A messaging app: its channel class and which variable fills which credential.

    `wanted_by` are the variables whose presence means the app is wanted (default: all
    of `required`); the Twilio ones share the account variables, so only each one's
    sender number says which of SMS and WhatsApp is meant.
    """

    title: str
    channel: str
    required: Mapping[str, str]
    optional: Mapping[str, str] = field(default_factory=dict)
    wanted_by: tuple[str, ...] = ()

    def triggers(self) -> tuple[str, ...]:
        return self.wanted_by or tuple(self.required.values())


TWILIO_ACCOUNT = {"account_sid": "BOT_TWILIO_ACCOUNT_SID", "auth_token": "BOT_TWILIO_AUTH_TOKEN"}
TWILIO_OPTIONAL = {"api_url": "BOT_TWILIO_API_URL", "public_url": "BOT_TWILIO_PUBLIC_URL"}

CONNECTORS = (
    Connector(
        "Telegram",
        "bot.channels.telegram.NeverSilentTelegramInput",
        {
            "access_token": "BOT_TELEGRAM_ACCESS_TOKEN",
            "verify": "BOT_TELEGRAM_VERIFY",
            "webhook_url": "BOT_TELEGRAM_WEBHOOK_URL",
        },
        {"api_url": "BOT_TELEGRAM_API_URL", "secret_token": "BOT_TELEGRAM_SECRET_TOKEN"},
    ),
    Connector(
        "Slack",
        "bot.channels.slack.NeverSilentSlackInput",
        {"slack_token": "BOT_SLACK_TOKEN", "slack_signing_secret": "BOT_SLACK_SIGNING_SECRET"},
        {"api_url": "BOT_SLACK_API_URL"},
    ),
    Connector(
        "Facebook Messenger",
        "bot.channels.facebook.NeverSilentFacebookInput",
        {
            "verify": "BOT_FACEBOOK_VERIFY",
            "secret": "BOT_FACEBOOK_SECRET",
            "page-access-token": "BOT_FACEBOOK_PAGE_ACCESS_TOKEN",
        },
        {"api_url": "BOT_FACEBOOK_API_URL"},
    ),
    Connector(
        "Twilio SMS",
        "bot.channels.twilio.NeverSilentTwilioInput",
        {**TWILIO_ACCOUNT, "twilio_number": "BOT_TWILIO_NUMBER"},
        TWILIO_OPTIONAL,
        wanted_by=("BOT_TWILIO_NUMBER",),
    ),
    Connector(
        "WhatsApp (Twilio)",
        "bot.channels.twilio.NeverSilentWhatsAppInput",
        {**TWILIO_ACCOUNT, "twilio_number": "BOT_TWILIO_WHATSAPP_NUMBER"},
        TWILIO_OPTIONAL,
        wanted_by=("BOT_TWILIO_WHATSAPP_NUMBER",),
    ),
)


def _value(env: Mapping[str, str], name: str) -> str | None:
    return env.get(name, "").strip() or None


def enabled_connectors(env: Mapping[str, str]) -> list[Connector]:
    """The apps to enable, or SettingsError naming what a half-configured one lacks."""
    enabled: list[Connector] = []
    for connector in CONNECTORS:
        if not any(_value(env, name) for name in connector.triggers()):
            continue
        missing = [name for name in connector.required.values() if not _value(env, name)]
        if missing:
            raise SettingsError(
                f"{connector.title} is half configured: also set {', '.join(missing)} "
                f"(or unset {', '.join(n for n in connector.triggers() if _value(env, n))})"
            )
        enabled.append(connector)
    used = {name for connector in enabled for name in connector.required.values()}
    known = {name for connector in CONNECTORS for name in connector.required.values()}
    stray = sorted(name for name in known - used if _value(env, name))
    if stray:
        wanting = [c for c in CONNECTORS if set(stray) & set(c.required.values())]
        choices = " or ".join(f"{' and '.join(c.triggers())} ({c.title})" for c in wanting)
        raise SettingsError(
            f"{', '.join(stray)} set but no messaging app uses it: also set {choices}, or unset it"
        )
    return enabled


def socketio_jwt(env: Mapping[str, str]) -> dict[str, str]:
    """socket.io's `jwt_key`/`jwt_method` when BOT_SOCKETIO_JWT_SECRET is set."""
    secret = _value(env, "BOT_SOCKETIO_JWT_SECRET")
    method = _value(env, "BOT_SOCKETIO_JWT_METHOD")
    if not secret:
        if method:
            raise SettingsError("BOT_SOCKETIO_JWT_METHOD is set without BOT_SOCKETIO_JWT_SECRET")
        return {}
    method = jwt_method(env, "BOT_SOCKETIO_JWT_METHOD", SOCKETIO_JWT_METHODS)
    return {"jwt_key": secret, "jwt_method": method}


def effective_credentials(base: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """`base` (the committed credentials) plus the apps and socket.io JWT `env` configures."""
    credentials: dict[str, Any] = {
        channel: dict(section or {}) for channel, section in base.items()
    }
    jwt = socketio_jwt(env)
    if jwt:
        if SOCKETIO not in credentials:
            raise SettingsError("BOT_SOCKETIO_JWT_SECRET is set but socket.io is not enabled")
        credentials[SOCKETIO].update(jwt)
    for connector in enabled_connectors(env):
        section = {key: _value(env, name) for key, name in connector.required.items()}
        for key, name in connector.optional.items():
            if _value(env, name):
                section[key] = _value(env, name)
        credentials[connector.channel] = section
    return credentials


def write_effective_credentials(committed: Path, var_dir: Path, env: Mapping[str, str]) -> Path:
    """Write `<var_dir>/credentials.yml` for `rasa run --credentials`, readable by us only."""
    base = yaml.safe_load(committed.read_text()) or {}
    credentials = effective_credentials(base, env)
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / EFFECTIVE_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an older file keeps its mode through O_CREAT
    with os.fdopen(descriptor, "w") as handle:
        handle.write(
            "# Written by `python -m bot serve rasa` from credentials.yml and the BOT_*\n"
            "# messaging variables. Holds secrets; not committed.\n"
        )
        yaml.safe_dump(credentials, handle, sort_keys=False)
    return path
