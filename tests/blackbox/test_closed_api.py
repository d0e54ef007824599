"""With a token set, Rasa's HTTP API answers only to it; CORS and message size are bounded."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from stack import API_TOKEN, REST_TOKEN, Assistant

from bot import settings as settings_module
from bot.action_secret import HEADER, action_secret

pytestmark = pytest.mark.blackbox

API_CALLS = [
    ("GET", "/status"),
    ("GET", "/conversations/closed-1/tracker"),
    ("PUT", "/model"),
    ("POST", "/model/parse"),
    ("POST", "/conversations/closed-1/messages"),
    ("DELETE", "/model"),
]


def status_of(assistant: Assistant, method: str, path: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        assistant.base_url + path,
        json.dumps({"text": "hello", "sender": "user"}).encode(),
        {"Content-Type": "application/json", **headers},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def posted(url: str, body: object, headers: dict[str, str]) -> int:
    """The status of a JSON POST to `url`."""
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.parametrize(("method", "path"), API_CALLS)
def test_api_calls_without_the_token_are_refused(
    assistant: Assistant, method: str, path: str
) -> None:
    assert status_of(assistant, method, path, {}) in (401, 403)
    wrong = "?token=not-the-token"
    assert status_of(assistant, method, path + wrong, {}) in (401, 403)
    assert status_of(assistant, method, path, {"Authorization": "Bearer forged"}) in (401, 403)


def test_rest_posts_need_the_rest_token(assistant: Assistant) -> None:
    def post(headers: dict[str, str]) -> int:
        body = {"sender": "closed-rest", "message": "hello"}
        return posted(assistant.base_url + "/webhooks/rest/webhook", body, headers)

    assert post({}) == 401
    assert post({"Authorization": "Bearer forged"}) == 401
    assert post({"Authorization": f"Bearer {API_TOKEN}"}) == 401
    assert not [e for e in assistant.tracker("closed-rest")["events"] if e["event"] == "user"]
    assert post({"Authorization": f"Bearer {REST_TOKEN}"}) == 200
    assert status_of(assistant, "GET", "/webhooks/rest/", {}) == 200  # the health check


def test_the_action_server_answers_only_with_the_shared_secret(assistant: Assistant) -> None:
    url = f"http://127.0.0.1:{assistant.ports['actions']}"

    def status(headers: dict[str, str]) -> int:
        body = {"next_action": "action_book_session", "tracker": {}}
        return posted(url + "/webhook", body, headers)

    assert status({}) == 401
    assert status({HEADER: "forged"}) == 401
    assert status({HEADER: action_secret(settings_module.load().var_dir)}) != 401
    with urllib.request.urlopen(url + "/health", timeout=30) as response:  # noqa: S310
        assert response.status == 200


def test_the_token_opens_the_api(assistant: Assistant) -> None:
    assert status_of(assistant, "GET", f"/status?token={API_TOKEN}", {}) == 200


def test_cors_allows_only_the_configured_origins(assistant: Assistant) -> None:
    allowed = f"http://localhost:{assistant.ports['web']}"

    def allow_origin(origin: str) -> str | None:
        request = urllib.request.Request(
            assistant.base_url + "/webhooks/rest/webhook",
            method="OPTIONS",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.headers.get("Access-Control-Allow-Origin")
        except urllib.error.HTTPError as error:
            return error.headers.get("Access-Control-Allow-Origin")

    assert allow_origin(allowed) == allowed
    assert allow_origin("http://evil.example") is None
    assert allow_origin(allowed + ".evil.example") is None


def test_an_overlong_message_gets_a_clear_reply_and_is_not_processed(
    assistant: Assistant,
) -> None:
    long_story = "my neck hurts " * 200  # 2,800 characters
    [reply] = assistant.texts("closed-long", long_story)
    assert "too long" in reply and "2,000" in reply
    assert not [e for e in assistant.tracker("closed-long")["events"] if e["event"] == "user"]
    # Nothing is lost: the next, shorter message is read as usual.
    replies = " ".join(assistant.texts("closed-long", "my neck hurts after desk work"))
    assert "too long" not in replies and replies


def listening_addresses(port: int) -> set[str]:
    """The local IPv4/IPv6 addresses with a socket listening on `port` (from /proc/net)."""
    addresses = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                local, state = fields[1], fields[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    addresses.add(address if len(address) == width else "?")
    return addresses


def test_the_servers_listen_on_localhost_only(assistant: Assistant) -> None:
    loopback = {"0100007F"}  # 127.0.0.1, little-endian hex as /proc/net/tcp writes it
    for service in ("rasa", "actions"):
        assert listening_addresses(assistant.ports[service]) == loopback, service
