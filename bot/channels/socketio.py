"""Rasa's socket.io channel with its session-persistence bug fixed.

Rasa 3.6 calls `AsyncServer.enter_room` without `await` (RasaHQ/rasa#13027); since
python-socketio 5.10 that method is a coroutine, so the client never joins its session
room and never receives a reply. This channel re-registers `session_request` correctly,
and, like the REST channel, answers with an apology when a turn produced no reply.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.never_silent import never_silent


class PersistentSocketIOInput(SocketIOInput):
    """socket.io input that joins the session room before confirming, and always answers."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(never_silent(on_new_message))
        sio = self.sio
        assert sio is not None  # set by SocketIOInput.blueprint

        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            data = dict(data or {})
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid)

        sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
