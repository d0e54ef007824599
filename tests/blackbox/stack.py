"""The real servers for the black-box tests: `bot.stack` (shared with `make converse-eval`)."""

from bot.stack import (
    API_TOKEN,
    HONCHO,
    REST_TOKEN,
    ROOT,
    START_TIMEOUT,
    Assistant,
    free_port,
    port_is_open,
)

__all__ = [
    "API_TOKEN",
    "HONCHO",
    "REST_TOKEN",
    "ROOT",
    "START_TIMEOUT",
    "Assistant",
    "free_port",
    "port_is_open",
]
