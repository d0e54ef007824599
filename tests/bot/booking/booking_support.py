"""Helpers for the booking tests: a fixed clock, and a real webhook receiver over HTTP."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

from bot.booking.request import BookingRequest

LONDON = ZoneInfo("Europe/London")
# Friday 5 December 2025, 10:00 in London (GMT, so UTC+0).
NOW = datetime(2025, 12, 5, 10, 0, tzinfo=LONDON)

MakeRequest = Callable[..., BookingRequest]  # the `make_request` fixture (conftest.py)


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2025) -> datetime:
    """A London time in December 2025 unless told otherwise."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def free_port() -> int:
    """A loopback port nothing listens on (bound, read and released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Receiver:
    """A webhook endpoint on 127.0.0.1:`port` that records every POST it answers.

    `status` is the HTTP status it answers with (200 unless a test changes it).
    """

    def __init__(self, port: int = 0, status: int = 200) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.received.append(
                    {
                        "path": self.path,
                        "headers": {key.lower(): value for key, value in self.headers.items()},
                        "json": json.loads(body),
                        "body": body,
                    }
                )
                self.send_response(receiver.status)
                if 300 <= receiver.status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/hooks/booking"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
