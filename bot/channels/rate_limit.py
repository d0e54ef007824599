"""Rate limits on every channel: per conversation and per address, with a polite reply.

A moving window (the `limits` library) allows a burst up to the limit and then one more
message each time an old one leaves the window, so a person typing fast is slowed, not
cut off. Counters live in memory by default (`BOT_RATE_LIMIT_STORAGE=memory://`); with
replicas, point them all at one Redis (`redis://host:6379`).

- per conversation (`BOT_RATE_LIMIT`, default 20 per minute): every channel;
- per address (`BOT_RATE_LIMIT_ADDRESS`, default 60 per minute): REST posts and socket.io
  messages and connections, keyed by the client's address. Loopback is not limited: it is
  this machine (the operator's own systems, or the proxy in front, which limits itself).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from bot import settings as settings_module
from bot.settings import LOOPBACK_HOSTS

logger = logging.getLogger(__name__)

SLOW_DOWN = (
    "You're sending messages faster than I can read them. Give me a few seconds, then "
    "send that again: nothing you've told me is lost."
)


@dataclass(frozen=True)
class RateLimits:
    """The limits in force and the counters behind them.

    `storage` is kept here because the limiter holds its storage only by a weak reference:
    without it the counters are collected at the garbage collector's next cycle, and every
    message after that would pass unlimited (as "counters unavailable").
    """

    storage: Storage
    limiter: MovingWindowRateLimiter
    per_conversation: tuple[RateLimitItem, ...]
    per_address: tuple[RateLimitItem, ...]

    def allows_conversation(self, conversation: str) -> bool:
        """Count one message of `conversation`; False when it is over a limit."""
        return self._hit(self.per_conversation, "conversation", conversation)

    def allows_address(self, address: str | None) -> bool:
        """Count one message or connection from `address`; loopback is never limited."""
        if not address or address in LOOPBACK_HOSTS or address.startswith("127."):
            return True
        return self._hit(self.per_address, "address", address)

    def _hit(self, items: tuple[RateLimitItem, ...], kind: str, key: str) -> bool:
        try:
            allowed = all(self.limiter.hit(item, kind, key) for item in items)
        except Exception:  # counters unreachable: serve the message rather than drop it
            logger.exception("rate-limit counters unavailable; not limiting")
            return True
        if not allowed:
            logger.info("rate limit reached (%s)", kind)  # never the id or the address
        return allowed


def build(per_conversation: str, per_address: str, storage_url: str) -> RateLimits:
    """RateLimits from their settings (`20/minute`, `60 per minute;600/hour`, `memory://`)."""
    storage = storage_from_string(storage_url)
    return RateLimits(
        storage,
        MovingWindowRateLimiter(storage),
        tuple(parse_many(per_conversation)),
        tuple(parse_many(per_address)),
    )


@lru_cache(maxsize=1)
def rate_limits() -> RateLimits:
    """The limits of this process, from the settings (built once)."""
    settings = settings_module.load()
    return build(settings.rate_limit, settings.rate_limit_address, settings.rate_limit_storage)
