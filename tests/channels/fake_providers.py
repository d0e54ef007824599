"""A real HTTP server on localhost standing in for the messaging apps' APIs.

The connectors are pointed at it through BOT_TELEGRAM_API_URL, BOT_SLACK_API_URL,
BOT_FACEBOOK_API_URL and BOT_TWILIO_API_URL (one path prefix per app). It answers each
API call the way the app does, just enough for the client libraries to accept it, and
records every call so a test can read what the assistant sent back.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TELEGRAM_BOT_USERNAME = "knotfree_test_bot"


@dataclass(frozen=True)
class Call:
    """One API call the assistant made: which app, path, query and parsed body."""

    app: str
    method: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {"json": parsed}
    if content_type.startswith("multipart/form-data"):
        boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
        fields: dict[str, Any] = {}
        for part in raw.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            if b'name="' in head:
                name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
                fields[name] = value.rstrip(b"\r\n").decode()
        return fields
    return dict(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True))


class FakeProviders:
    """The fake APIs of Telegram, Slack, Messenger (Graph API) and Twilio on one port."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(
        self, accept: Callable[[Call], bool], count: int = 1, timeout: float = 60.0
    ) -> list[Call]:
        """The calls `accept` picks, once there are `count` of them (Slack replies later)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                found = [call for call in self.calls if accept(call)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.2)

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = _parse_body(self.headers.get("Content-Type", ""), self.rfile.read(length))
                app, _, rest = url.path.lstrip("/").partition("/")
                query = dict(urllib.parse.parse_qsl(url.query))
                call = Call(app, self.command, "/" + rest, query, body)
                fake._record(call)
                status, answer = ANSWERS.get(app, _unknown)(call)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _telegram(call: Call) -> tuple[int, Any]:
    """Bot API: /telegram/bot<token>/<method>."""
    method = call.path.rsplit("/", 1)[-1].lower()
    if method == "getme":
        user = {"id": 1, "is_bot": True, "first_name": "Knot", "username": TELEGRAM_BOT_USERNAME}
        return 200, {"ok": True, "result": user}
    if method in {"setwebhook", "answercallbackquery"}:
        return 200, {"ok": True, "result": True}
    chat = {"id": int(call.body.get("chat_id", 0)), "type": "private"}
    message = {"message_id": len(call.body), "date": int(time.time()), "chat": chat}
    return 200, {"ok": True, "result": {**message, "text": call.body.get("text", "")}}


def _slack(call: Call) -> tuple[int, Any]:
    """Web API: /slack/api/<method>."""
    return 200, {"ok": True, "channel": call.body.get("channel"), "ts": f"{time.time():.6f}"}


def _facebook(call: Call) -> tuple[int, Any]:
    """Graph API: /facebook/me/messages?access_token=..."""
    recipient = call.body.get("recipient") or {}
    return 200, {"recipient_id": recipient.get("id"), "message_id": f"m_{time.time()}"}


def _twilio(call: Call) -> tuple[int, Any]:
    """REST API: /twilio/2010-04-01/Accounts/<sid>/Messages.json."""
    message = {
        "sid": f"SM{int(time.time() * 1e6)}",
        "to": call.body.get("To"),
        "from": call.body.get("From"),
        "body": call.body.get("Body"),
        "status": "queued",
    }
    return 201, message


def _unknown(call: Call) -> tuple[int, Any]:
    return 404, {"error": f"no fake for {call.app}"}


ANSWERS: dict[str, Callable[[Call], tuple[int, Any]]] = {
    "telegram": _telegram,
    "slack": _slack,
    "facebook": _facebook,
    "twilio": _twilio,
}
