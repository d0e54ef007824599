"""The scheduled purge: a daemon thread in the action server applies the retention periods
at start and then every `purge_interval_seconds` (several replicas purging is harmless:
what one deleted, the next finds gone)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

from bot.privacy.person import stores_of
from bot.privacy.purge import purge
from bot.settings import Settings

logger = logging.getLogger(__name__)


def purge_once(settings: Settings) -> None:
    """One purge; a failure is logged and the next round tries again."""
    try:
        purged = purge(
            stores_of(settings), settings.retention, datetime.now(timezone.utc), "schedule"
        )
    except Exception:
        logger.exception("the scheduled purge failed")
        return
    if any(purged.as_dict().values()):
        logger.info("purged past retention: %s", purged.as_dict())


def start_purge_worker(settings: Settings, stop: threading.Event | None = None) -> threading.Thread:
    """Start the purge thread (it stops when `stop` is set, or with the process)."""
    stopping = stop or threading.Event()

    def run() -> None:
        while not stopping.is_set():
            purge_once(settings)
            stopping.wait(settings.retention.purge_interval_seconds)

    worker = threading.Thread(target=run, name="privacy-purge", daemon=True)
    worker.start()
    return worker
