"""Rasa's REST channel for the operator's own systems, guaranteed to answer every message.

The widget never uses REST (it talks socket.io). While Rasa listens on loopback only, REST
is open to the machine itself (the tests, the evaluations, a local booking system). With
`BOT_REST_TOKEN` set, every post must carry `Authorization: Bearer <token>`; when Rasa
listens beyond loopback and no token is set, REST is off: a post is refused with 403.
The conversation's channel is REST whatever the body says (`input_channel` is ignored).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings as settings_module
from bot.channels.never_silent import never_silent
from bot.channels.rate_limit import SLOW_DOWN, rate_limits


def is_loopback(host: str) -> bool:
    """Whether a listening address is reachable from this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def refusal(authorization: str, token: str | None, host: str) -> HTTPResponse | None:
    """The answer to a REST post that may not pass, or None when it may."""
    if token:
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
            return None
        return response.json({"error": "REST needs 'Authorization: Bearer <BOT_REST_TOKEN>'"}, 401)
    if is_loopback(host):
        return None
    return response.json(
        {"error": "REST is off: the server listens beyond loopback and BOT_REST_TOKEN is unset"},
        403,
    )


class NeverSilentRestInput(RestInput):
    """REST input (`/webhooks/rest/webhook`) that apologises instead of staying silent."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(never_silent(on_new_message, self.name()))
        settings = settings_module.load()

        @blueprint.middleware("request")
        async def guard(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None  # the health check (GET /webhooks/rest/) says nothing
            refused = refusal(
                request.headers.get("Authorization", ""), settings.rest_token, settings.host
            )
            if refused is None and not rate_limits().allows_address(
                request.remote_addr or request.ip
            ):
                return response.json([{"recipient_id": "", "text": SLOW_DOWN}], status=429)
            return refused

        return blueprint
