"""The connector tests' assistant: every messaging app on, webhooks posted as the apps do.

All five messaging channels and socket.io's JWT are switched on through the same BOT_*
variables an operator sets, and every provider API points at one local fake
(fake_providers). `Connected` posts each app's webhook, signed the way the app signs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from twilio.request_validator import RequestValidator

# The black-box stack (tests/blackbox/stack.py), also for conftest.py, which imports this first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "blackbox"))

from fake_providers import TELEGRAM_BOT_USERNAME, FakeProviders  # noqa: E402
from stack import Assistant  # noqa: E402

TELEGRAM_TOKEN = "123456:TEST-token-for-the-fake-api"
TELEGRAM_SECRET_TOKEN = "telegram-webhook-secret_0123"
SLACK_SIGNING_SECRET = "slack-signing-secret-for-tests"
FACEBOOK_SECRET = "facebook-app-secret-for-tests"
FACEBOOK_VERIFY = "facebook-verify-token-for-tests"
TWILIO_SID = "AC00000000000000000000000000000000"
TWILIO_NUMBER = "+441632960001"
WHATSAPP_NUMBER = "+441632960002"
TWILIO_AUTH_TOKEN = "twilio-auth-token"
TWILIO_PUBLIC_URL = "https://bot.example.co.uk"  # as if behind a proxy: Twilio signs this
SOCKETIO_JWT_SECRET = "socketio-jwt-secret-for-the-connector-tests"


def connector_env(fake_url: str) -> dict[str, str]:
    """Every messaging app and socket.io's JWT, configured as an operator would."""
    return {
        "BOT_TELEGRAM_ACCESS_TOKEN": TELEGRAM_TOKEN,
        "BOT_TELEGRAM_VERIFY": TELEGRAM_BOT_USERNAME,
        "BOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.co.uk/webhooks/telegram/webhook",
        "BOT_TELEGRAM_API_URL": f"{fake_url}/telegram",
        "BOT_TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET_TOKEN,
        "BOT_SLACK_TOKEN": "xoxb-test-token",
        "BOT_SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "BOT_SLACK_API_URL": f"{fake_url}/slack/api",
        "BOT_FACEBOOK_VERIFY": FACEBOOK_VERIFY,
        "BOT_FACEBOOK_SECRET": FACEBOOK_SECRET,
        "BOT_FACEBOOK_PAGE_ACCESS_TOKEN": "facebook-page-token",
        "BOT_FACEBOOK_API_URL": f"{fake_url}/facebook",
        "BOT_TWILIO_ACCOUNT_SID": TWILIO_SID,
        "BOT_TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "BOT_TWILIO_NUMBER": TWILIO_NUMBER,
        "BOT_TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
        "BOT_TWILIO_API_URL": f"{fake_url}/twilio",
        "BOT_TWILIO_PUBLIC_URL": TWILIO_PUBLIC_URL,
        "BOT_SOCKETIO_JWT_SECRET": SOCKETIO_JWT_SECRET,
    }


@dataclass
class Connected:
    """The running assistant and the fake provider APIs it answers through."""

    assistant: Assistant
    fake: FakeProviders

    def post(
        self,
        path: str,
        body: bytes,
        content_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, str]:
        """POST a webhook as the provider would; (status, response text)."""
        request = urllib.request.Request(
            self.assistant.base_url + path,
            body,
            {"Content-Type": content_type, **(headers or {})},
            method="POST",
        )
        return _open(request)

    def get(self, path: str) -> tuple[int, str]:
        return _open(urllib.request.Request(self.assistant.base_url + path))

    def post_twilio(
        self, path: str, form: Mapping[str, str], auth_token: str = TWILIO_AUTH_TOKEN
    ) -> tuple[int, str]:
        """A form-encoded Twilio webhook with the X-Twilio-Signature Twilio computes."""
        validator = RequestValidator(auth_token)
        signature = validator.compute_signature(TWILIO_PUBLIC_URL + path, dict(form))
        body = urllib.parse.urlencode(form).encode()
        headers = {"X-Twilio-Signature": signature}
        return self.post(path, body, "application/x-www-form-urlencoded", headers)

    def post_slack(
        self,
        event: dict[str, object],
        secret: str = SLACK_SIGNING_SECRET,
        form: bool = False,
    ) -> tuple[int, str]:
        """An Events API callback (JSON) or an interaction (`form`: `payload=<JSON>`),
        signed as Slack signs it: v0 HMAC-SHA256 of the timestamp and the body."""
        if form:
            body = urllib.parse.urlencode({"payload": json.dumps(event)}).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = json.dumps(event).encode(), "application/json"
        timestamp = str(int(time.time()))
        digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
        headers = {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest.hexdigest()}",
        }
        return self.post("/webhooks/slack/webhook", body, content_type, headers)

    def post_messenger(self, payload: dict[str, object], secret: str = FACEBOOK_SECRET) -> str:
        """A Messenger webhook signed with the app secret (X-Hub-Signature, sha1)."""
        body = json.dumps(payload).encode()
        signature = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
        headers = {"X-Hub-Signature": f"sha1={signature}"}
        return self.post("/webhooks/facebook/webhook", body, "application/json", headers)[1]


def _open(request: urllib.request.Request) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()
