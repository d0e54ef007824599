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
