"""The knowledge base and settings the actions share, opened on first use (never at import)."""

from __future__ import annotations

import logging

from bot import settings as bot_settings
from bot.kb.query import ReferralKB
from bot.settings import Settings

logger = logging.getLogger(__name__)

_settings: Settings | None = None
_kb: ReferralKB | None = None


def settings() -> Settings:
    """The settings, read from the environment the first time they are needed."""
    global _settings
    if _settings is None:
        _settings = bot_settings.load()
    return _settings


def referral_kb() -> ReferralKB:
    """The knowledge base at the settings' `kb_path` (the file is read on first query)."""
    global _kb
    if _kb is None:
        _kb = ReferralKB(settings().kb_path)
    return _kb


def booking_url() -> str | None:
    """The booking page, or None if the settings cannot be read (for apologies)."""
    try:
        return settings().business.booking_url
    except Exception:  # an apology must not fail in turn
        logger.exception("cannot read the settings for the booking URL")
        return None


def use(settings: Settings | None = None, kb: ReferralKB | None = None) -> None:
    """Replace what the actions use (tests); with no arguments, forget it and read again."""
    global _settings, _kb
    _settings = settings
    _kb = kb if kb is not None or settings is None else ReferralKB(settings.kb_path)
