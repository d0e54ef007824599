"""bot.settings: the bookings database path and the webhook retry cap."""

from __future__ import annotations

import pytest

from bot.settings import PROJECT_ROOT, SettingsError, load


def test_bookings_live_under_var_by_default() -> None:
    settings = load({})
    assert settings.bookings_db == PROJECT_ROOT / "var" / "bookings.db"
    assert settings.booking_retry_cap_seconds == 3600


def test_bookings_follow_the_var_dir_and_their_own_variable() -> None:
    assert load({"BOT_VAR_DIR": "/tmp/state"}).bookings_db.as_posix() == "/tmp/state/bookings.db"
    assert load({"BOT_BOOKINGS_DB": "data/b.db"}).bookings_db == PROJECT_ROOT / "data" / "b.db"
    assert load({"BOT_BOOKINGS_DB": "/srv/b.db"}).bookings_db.as_posix() == "/srv/b.db"
    assert load({"BOT_BOOKING_RETRY_CAP": "600"}).booking_retry_cap_seconds == 600


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_a_bad_retry_cap_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="BOT_BOOKING_RETRY_CAP"):
        load({"BOT_BOOKING_RETRY_CAP": value})
