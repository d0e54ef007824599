"""socket.io with BOT_SOCKETIO_JWT_SECRET: only clients with a valid token may talk."""

from __future__ import annotations

import queue
import uuid
from typing import Any

import jwt
import pytest
import socketio
from connectors_stack import SOCKETIO_JWT_SECRET, Connected

pytestmark = pytest.mark.blackbox


def connect(connected: Connected, auth: dict[str, str] | None) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(
        connected.assistant.base_url, transports=["websocket"], auth=auth, wait_timeout=20
    )
    return client


def test_without_a_token_the_connection_is_refused(connected: Connected) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(connected, None)


def test_a_token_signed_with_another_secret_is_refused(connected: Connected) -> None:
    token = jwt.encode(
        {"sub": "ann"}, "some-other-secret-of-thirty-two-bytes-or-more", algorithm="HS256"
    )
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(connected, {"token": token})


def test_a_valid_token_converses(connected: Connected) -> None:
    token = jwt.encode({"sub": "ann"}, SOCKETIO_JWT_SECRET, algorithm="HS256")
    client = socketio.Client(reconnection=False)
    replies: queue.Queue[dict[str, Any]] = queue.Queue()
    session: queue.Queue[Any] = queue.Queue()
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", session.put)
    client.connect(
        connected.assistant.base_url,
        transports=["websocket"],
        auth={"token": token},
        wait_timeout=20,
    )
    try:
        session_id = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session_id})
        session.get(timeout=20)
        client.emit("user_uttered", {"message": "hello", "session_id": session_id})
        assert replies.get(timeout=30)["text"].startswith(("Hello", "Hi"))
    finally:
        client.disconnect()
