"""bot.channels.socketio: custom payloads arrive whole, and browsers only from our origins."""

from __future__ import annotations

from typing import Any

from bot.channels.socketio import CustomPayloadSocketIOOutput, origin_allowed


class RecordingServer:
    """Stands in for socketio.AsyncServer: records what would be emitted."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, dict[str, Any]]] = []

    async def emit(self, event: str, data: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, kwargs))


async def test_a_custom_payload_is_one_message_under_custom() -> None:
    server = RecordingServer()
    output = CustomPayloadSocketIOOutput(server, "bot_uttered")  # type: ignore[arg-type]
    triage = {"triage": {"zones": ["temple"], "sources": []}}
    await output.send_response("session-1", {"custom": triage})
    assert server.emitted == [("bot_uttered", {"custom": triage}, {"room": "session-1"})]


def test_only_the_configured_origins_may_connect_from_a_browser() -> None:
    origins = ("http://localhost:8080", "http://127.0.0.1:8080")
    assert origin_allowed({"HTTP_ORIGIN": "http://127.0.0.1:8080"}, origins)
    assert not origin_allowed({"HTTP_ORIGIN": "https://evil.example"}, origins)
    assert not origin_allowed({"HTTP_ORIGIN": "http://127.0.0.1:8081"}, origins)
    assert origin_allowed({}, origins)  # not a browser: nothing to protect against
    own = {"HTTP_ORIGIN": "http://127.0.0.1:5005", "HTTP_HOST": "127.0.0.1:5005"}
    assert origin_allowed({**own, "wsgi.url_scheme": "http"}, origins)
    assert not origin_allowed({**own, "HTTP_HOST": "127.0.0.1:5006"}, origins)
