"""Rasa's socket.io channel with its session persistence, custom payloads and origins fixed.

Rasa 3.6 calls `AsyncServer.enter_room` without `await` (RasaHQ/rasa#13027); since
python-socketio 5.10 that method is a coroutine, so the client never joins its session
room and never receives a reply. This channel re-registers `session_request` correctly,
and, like the REST channel, answers with an apology when a turn produced no reply.

Rasa's socket.io output also passes a custom payload's keys to `emit` as keyword
arguments (`emit("bot_uttered", triage=...)`), which raises and drops the rest of the
turn; here a custom payload is sent as `{"custom": {...}}`, as the REST channel does.
And Rasa switches socket.io's origin check off; here a browser may only connect from
the configured CORS origins (or the server's own; clients that send none are let in).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot import settings as settings_module
from bot.channels.never_silent import never_silent
from bot.channels.rate_limit import SLOW_DOWN, rate_limits


class CustomPayloadSocketIOOutput(SocketIOOutput):
    """socket.io output that sends a custom payload as one `{"custom": ...}` message."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


def origin_allowed(environ: dict[str, Any], origins: Collection[str]) -> bool:
    """Whether a socket.io connection may open: from one of `origins`, from the Rasa server's
    own origin (websocket clients such as websocket-client send that), or with no Origin."""
    origin = environ.get("HTTP_ORIGIN")
    if not origin:
        return True
    own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
    return origin in origins or origin == own


class PersistentSocketIOInput(SocketIOInput):
    """socket.io input that joins the session room before confirming, and always answers."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return CustomPayloadSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        answer = never_silent(on_new_message, self.name())

        async def with_custom_payloads(message: UserMessage) -> None:
            output = self.get_output_channel()
            if output is not None:
                message.output_channel = output
            await answer(message)

        blueprint = super().blueprint(with_custom_payloads)
        sio = self.sio
        assert sio is not None  # set by SocketIOInput.blueprint
        namespace = self.namespace or "/"
        origins = settings_module.load().cors_origins
        rasa_connect = sio.handlers[namespace]["connect"]

        rasa_uttered = sio.handlers[namespace]["user_uttered"]
        addresses: dict[str, str] = {}  # socket id -> client address, while connected

        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            if not origin_allowed(environ, origins):
                return False
            address = str(environ.get("REMOTE_ADDR") or "")
            if not rate_limits().allows_address(address):
                return False
            connected = bool(await rasa_connect(sid, environ, auth))
            if connected and address:
                addresses[sid] = address
            return connected

        async def disconnect(sid: str) -> None:
            addresses.pop(sid, None)

        async def user_uttered(sid: str, data: Any) -> None:
            if not rate_limits().allows_address(addresses.get(sid)):
                await sio.emit(self.bot_message_evt, {"text": SLOW_DOWN}, room=sid)
                return
            await rasa_uttered(sid, data)

        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            data = dict(data or {})
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid)

        sio.on("connect", connect, namespace=self.namespace)
        sio.on("disconnect", disconnect, namespace=self.namespace)
        sio.on("user_uttered", user_uttered, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
