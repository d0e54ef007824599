"""The socket.io channel the web widget uses: a session and a reply, like the widget."""

from __future__ import annotations

import queue
import uuid
from typing import Any

import pytest
import socketio
from stack import Assistant

pytestmark = pytest.mark.blackbox


def test_a_socketio_client_gets_a_greeting(assistant: Assistant) -> None:
    client = socketio.Client(reconnection=False)
    replies: queue.Queue[dict[str, Any]] = queue.Queue()
    session: queue.Queue[Any] = queue.Queue()
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", session.put)
    client.connect(assistant.base_url, transports=["websocket"], wait_timeout=20)
    try:
        session_id = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session_id})
        session.get(timeout=20)
        client.emit("user_uttered", {"message": "hello", "session_id": session_id})
        reply = replies.get(timeout=30)
        assert reply["text"].startswith(("Hello", "Hi"))
    finally:
        client.disconnect()


def connects_from(assistant: Assistant, origin: str) -> bool:
    """Whether a client sending `origin` gets in. Long-polling, since the websocket client
    adds an Origin of its own next to the one given."""
    client = socketio.Client(reconnection=False)
    try:
        client.connect(
            assistant.base_url, transports=["polling"], headers={"Origin": origin}, wait_timeout=20
        )
    except socketio.exceptions.ConnectionError:
        return False
    client.disconnect()
    return True


def test_a_browser_on_another_site_cannot_connect(assistant: Assistant) -> None:
    """Only the configured origins (BOT_CORS_ORIGINS, the demo site by default) may talk."""
    assert not connects_from(assistant, "https://elsewhere.example")
    assert connects_from(assistant, f"http://127.0.0.1:{assistant.ports['web']}")
