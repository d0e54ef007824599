"""The one place that reads the environment.

Everything else takes paths, ports and URLs as arguments; `load()` builds them from
`os.environ` (or a mapping given by a test) with the defaults documented in README.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """An environment variable holds a value the assistant cannot use."""


@dataclass(frozen=True)
class Business:
    """What the replies quote about the service: name, booking page, hours, area, sessions."""

    name: str
    booking_url: str
    booking_webhook_url: str | None
    timezone: str
    opens: time
    closes: time  # 00:00 means midnight, the end of the day
    area: str
    session_minutes: tuple[int, ...]
    prices: dict[int, str]
    therapists: int = 2  # visits that can run at the same time
    travel_minutes: int = 30  # kept free between one visit and the next, for travel
    availability_url: str | None = None  # the booking system's availability URL, if any
    horizon_days: int = 120  # how far ahead a visit can be booked
    frozen_now: datetime | None = None  # evaluations only: the clock stands still here

    def now(self) -> datetime:
        """The current time in the business's zone (the frozen time in an evaluation)."""
        zone = ZoneInfo(self.timezone)
        return (self.frozen_now or datetime.now(zone)).astimezone(zone)


@dataclass(frozen=True)
class Retention:
    """How long personal data is kept, and how often the running services purge it."""

    conversation_days: int = 90  # a conversation, counted from its last message
    booking_days: int = 30  # a booking's personal fields, counted from the end of the visit
    callback_days: int = 30  # a call-back request, counted from when it was asked
    options_hours: int = 24  # the numbered options offered on a text-only channel
    purge_interval_seconds: int = 3600  # the scheduled purge in the action server


@dataclass(frozen=True)
class PrivacyNotice:
    """Who answers for the data (the controller) and how to reach them, for the notice."""

    controller: str
    contact: str  # empty: the notice gives the team's e-mail from data/business.yml
    url: str = ""  # empty: the demo site's /privacy page


@dataclass(frozen=True)
class Settings:
    """Resolved configuration of one run of the assistant."""

    project_root: Path
    var_dir: Path
    host: str
    rasa_port: int
    action_host: str  # the action server's own interface: loopback unless set
    action_port: int
    web_port: int
    tracker_db_url: str
    kb_path: Path
    bookings_db: Path
    booking_retry_cap_seconds: int
    booking_webhook_secret: str | None  # signs every webhook POST (HMAC-SHA256)
    booking_max_attempts: int  # failed deliveries before a request is a dead letter
    model_dir: Path
    reports_dir: Path
    log_level: str
    rasa_api_token: str | None
    rest_token: str | None  # REST posts need it; unset and beyond loopback: REST is off
    rasa_jwt_secret: str | None
    rasa_jwt_method: str
    cors_origins: tuple[str, ...]
    max_message_chars: int
    business: Business
    rate_limit: str = "20/minute"  # per conversation, every channel
    rate_limit_address: str = "60/minute"  # per client address, REST and socket.io
    rate_limit_storage: str = "memory://"  # redis://host:6379 when scaled out
    retention: Retention = Retention()
    privacy: PrivacyNotice = PrivacyNotice("", "")

    @property
    def action_endpoint_url(self) -> str:
        """URL the Rasa server uses to call the action server."""
        return f"http://{self.action_host}:{self.action_port}/webhook"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def site_url(self) -> str:
        """The demo site with the chat widget (`python -m bot serve site`)."""
        return f"http://{self.host}:{self.web_port}"

    @property
    def action_health_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/health"


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a port number, got {raw!r}") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"{name} must be between 1 and 65535, got {port}")
    return port


def _seconds(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        seconds = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number of seconds, got {raw!r}") from None
    if seconds <= 0:
        raise SettingsError(f"{name} must be a positive number of seconds, got {seconds}")
    return seconds


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def _count(env: Mapping[str, str], name: str, default: int, *, least: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < least:
        if least == 1:
            raise SettingsError(f"{name} must be a positive whole number, got {raw!r}")
        raise SettingsError(f"{name} must be a whole number of at least {least}, got {raw!r}")
    return int(raw)


# The shared-secret (HMAC) methods: the ones a secret alone can verify.
HMAC_JWT_METHODS = ("HS256", "HS384", "HS512")


def jwt_method(
    env: Mapping[str, str], name: str, allowed: tuple[str, ...] = HMAC_JWT_METHODS
) -> str:
    """The JWT signing method the variable `name` names (default HS256), one of `allowed`."""
    method = env.get(name, "").strip().upper() or "HS256"
    if method not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {method!r}")
    return method


def _path(env: Mapping[str, str], name: str, default: Path, root: Path) -> Path:
    raw = env.get(name, "").strip()
    path = Path(raw) if raw else default
    return path if path.is_absolute() else root / path


def _clock(env: Mapping[str, str], name: str, default: str) -> time:
    raw = env.get(name, "").strip() or default
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a time like 06:00, got {raw!r}") from None


def _minutes(env: Mapping[str, str], name: str, default: str) -> tuple[int, ...]:
    raw = env.get(name, "").strip() or default
    try:
        values = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"{name} must be minutes separated by commas, got {raw!r}") from None
    if not values or any(value <= 0 for value in values):
        raise SettingsError(f"{name} must list at least one positive number of minutes")
    return values


def _prices(env: Mapping[str, str], name: str, lengths: tuple[int, ...]) -> dict[int, str]:
    """`60=£65,90=£90`: the price quoted for each session length (optional)."""
    raw = env.get(name, "").strip()
    prices: dict[int, str] = {}
    for part in filter(None, (piece.strip() for piece in raw.split(","))):
        minutes, _, price = part.partition("=")
        if not minutes.strip().isdigit() or not price.strip():
            raise SettingsError(f"{name} must look like 60=£65,90=£90, got {raw!r}")
        if int(minutes) not in lengths:
            raise SettingsError(f"{name} prices a {minutes}-minute session, which is not offered")
        prices[int(minutes)] = price.strip()
    return prices


def _rate(env: Mapping[str, str], name: str, default: str) -> str:
    """A rate like `20/minute` or `20 per minute;200/hour` (the `limits` notation)."""
    raw = env.get(name, "").strip() or default
    try:
        from limits import parse_many

        parse_many(raw)
    except ValueError:
        raise SettingsError(
            f"{name} must be a rate like 20/minute or 20 per minute;200/hour, got {raw!r}"
        ) from None
    return raw


def _rate_storage(env: Mapping[str, str], name: str) -> str:
    raw = env.get(name, "").strip() or "memory://"
    if urlsplit(raw).scheme not in {"memory", "redis", "rediss", "redis+sentinel"}:
        raise SettingsError(f"{name} must be memory:// or a redis:// URL, got {raw!r}")
    return raw


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _webhook_url(env: Mapping[str, str], name: str) -> str | None:
    """A URL that will carry health and contact data: https, or http to this machine only."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(f"{name} must be an https:// URL, got {raw!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise SettingsError(
            f"{name} carries health and contact data: it must use https:// (plain http only "
            f"to this machine, 127.0.0.1 or localhost), got {raw!r}"
        )
    return raw


def _business(env: Mapping[str, str]) -> Business:
    timezone = env.get("BOT_TIMEZONE", "").strip() or "Europe/London"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"BOT_TIMEZONE must be a time zone name, got {timezone!r}") from None
    lengths = _minutes(env, "BOT_SESSION_MINUTES", "60,90,120")
    return Business(
        name=env.get("BOT_BUSINESS_NAME", "").strip() or "Knot Free Home Massage",
        booking_url=env.get("BOT_BOOKING_URL", "").strip() or "https://example.co.uk/book",
        booking_webhook_url=_webhook_url(env, "BOT_BOOKING_WEBHOOK_URL"),
        timezone=timezone,
        opens=_clock(env, "BOT_OPENS", "06:00"),
        closes=_clock(env, "BOT_CLOSES", "00:00"),
        area=env.get("BOT_SERVICE_AREA", "").strip() or "London",
        session_minutes=lengths,
        prices=_prices(env, "BOT_PRICES", lengths),
        therapists=_count(env, "BOT_THERAPISTS", 2, least=1),
        travel_minutes=_count(env, "BOT_TRAVEL_MINUTES", 30, least=0),
        availability_url=env.get("BOT_AVAILABILITY_URL", "").strip() or None,
        horizon_days=_count(env, "BOT_BOOKING_HORIZON_DAYS", 120, least=1),
        frozen_now=_frozen_now(env, timezone),
    )


def _frozen_now(env: Mapping[str, str], timezone: str) -> datetime | None:
    """BOT_FROZEN_NOW="2026-12-03 11:00": evaluations run at a fixed local time."""
    raw = env.get("BOT_FROZEN_NOW", "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(
            f"BOT_FROZEN_NOW must look like 2026-12-03 11:00, got {raw!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from `env` (default: the process environment)."""
    env = os.environ if env is None else env
    root = PROJECT_ROOT
    var_dir = _path(env, "BOT_VAR_DIR", root / "var", root)
    tracker_url = env.get("BOT_TRACKER_DB_URL", "").strip()
    if not tracker_url:
        tracker_url = f"sqlite:///{var_dir / 'tracker.db'}"
    elif "://" not in tracker_url:
        raise SettingsError(
            f"BOT_TRACKER_DB_URL must be a database URL such as "
            f"postgresql://user:pass@host/db, got {tracker_url!r}"
        )
    log_level = env.get("BOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(
            f"BOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {log_level!r}"
        )
    web_port = _port(env, "BOT_WEB_PORT", 8080)
    origins_raw = env.get("BOT_CORS_ORIGINS", "").strip()
    cors_origins = (
        tuple(origin.strip() for origin in origins_raw.split(",") if origin.strip())
        if origins_raw
        else (f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}")
    )
    if any("*" in origin for origin in cors_origins):
        raise SettingsError("BOT_CORS_ORIGINS takes exact origins; wildcards are not allowed")
    for origin in cors_origins:
        # The CORS layer reads regex characters as a pattern: only plain origins pass.
        if not _ORIGIN.fullmatch(origin):
            raise SettingsError(
                f"BOT_CORS_ORIGINS takes exact origins like https://example.co.uk or "
                f"http://localhost:8080 (no path, no pattern), got {origin!r}"
            )
    business = _business(env)
    return Settings(
        project_root=root,
        var_dir=var_dir,
        host=env.get("BOT_HOST", "127.0.0.1").strip() or "127.0.0.1",
        rasa_port=_port(env, "BOT_RASA_PORT", 5005),
        action_host=env.get("BOT_ACTION_HOST", "127.0.0.1").strip() or "127.0.0.1",
        action_port=_port(env, "BOT_ACTION_PORT", 5055),
        web_port=web_port,
        tracker_db_url=tracker_url,
        kb_path=_path(env, "BOT_KB_PATH", var_dir / "kb.db", root),
        bookings_db=_path(env, "BOT_BOOKINGS_DB", var_dir / "bookings.db", root),
        booking_retry_cap_seconds=_seconds(env, "BOT_BOOKING_RETRY_CAP", 3600),
        booking_webhook_secret=env.get("BOT_BOOKING_WEBHOOK_SECRET", "").strip() or None,
        booking_max_attempts=_count(env, "BOT_BOOKING_MAX_ATTEMPTS", 24),
        model_dir=_path(env, "BOT_MODEL_DIR", var_dir / "models", root),
        reports_dir=var_dir / "reports",
        log_level=log_level,
        rasa_api_token=env.get("BOT_RASA_API_TOKEN", "").strip() or None,
        rest_token=env.get("BOT_REST_TOKEN", "").strip() or None,
        rasa_jwt_secret=env.get("BOT_RASA_JWT_SECRET", "").strip() or None,
        rasa_jwt_method=jwt_method(env, "BOT_RASA_JWT_METHOD"),
        cors_origins=cors_origins,
        max_message_chars=_count(env, "BOT_MAX_MESSAGE_CHARS", 2000),
        rate_limit=_rate(env, "BOT_RATE_LIMIT", "20/minute"),
        rate_limit_address=_rate(env, "BOT_RATE_LIMIT_ADDRESS", "60/minute"),
        rate_limit_storage=_rate_storage(env, "BOT_RATE_LIMIT_STORAGE"),
        business=business,
        retention=Retention(
            conversation_days=_count(env, "BOT_RETAIN_CONVERSATION_DAYS", 90),
            booking_days=_count(env, "BOT_RETAIN_BOOKING_DAYS", 30),
            callback_days=_count(env, "BOT_RETAIN_CALLBACK_DAYS", 30),
            options_hours=_count(env, "BOT_RETAIN_OPTIONS_HOURS", 24),
            purge_interval_seconds=_seconds(env, "BOT_PURGE_INTERVAL", 3600),
        ),
        privacy=PrivacyNotice(
            controller=env.get("BOT_PRIVACY_CONTROLLER", "").strip() or business.name,
            contact=env.get("BOT_PRIVACY_CONTACT", "").strip(),  # "": the team's own e-mail
            url=env.get("BOT_PRIVACY_URL", "").strip(),
        ),
    )
