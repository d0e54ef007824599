"""Fixtures shared across test layers: one running assistant for a whole test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.blackbox.stack import Assistant
from tests.bot.booking.booking_support import Receiver

BOOKING_WEBHOOK_SECRET = "blackbox-webhook-secret"


@pytest.fixture(scope="session")
def booking_webhook() -> Iterator[Receiver]:
    """The business's booking system, as far as the shared stack knows: a receiver on
    loopback that records every signed POST."""
    with Receiver() as receiver:
        yield receiver


@pytest.fixture(scope="session")
def assistant(
    tmp_path_factory: pytest.TempPathFactory, booking_webhook: Receiver
) -> Iterator[Assistant]:
    """One running stack (servers and demo site) shared by the black-box and browser tests.

    Each start costs a minute or two on two cores, so the layers share it; a test that
    restarts it (tests/browser) leaves it running with the same ports and databases.
    Bookings are handed off, signed, to `booking_webhook`.
    """
    workdir = tmp_path_factory.mktemp("assistant")
    webhook = {
        "BOT_BOOKING_WEBHOOK_URL": booking_webhook.url,
        "BOT_BOOKING_WEBHOOK_SECRET": BOOKING_WEBHOOK_SECRET,
    }
    running = Assistant(workdir, workdir / "tracker.db", webhook)
    running.start()
    yield running
    if running.process is not None and running.process.poll() is None:
        running.stop()
