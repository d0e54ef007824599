"""With the action server down, the Rasa server still answers: an apology and a way forward."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from stack import ROOT, START_TIMEOUT, free_port

pytestmark = pytest.mark.blackbox


class LoneRasa:
    """The Rasa server as `make run` starts it, with no action server behind it."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.log = workdir / "rasa-alone.log"
        env = dict(os.environ)
        env.update(
            BOT_RASA_PORT=str(self.port),
            BOT_ACTION_PORT=str(free_port()),  # nothing listens there
            BOT_TRACKER_DB_URL=f"sqlite:///{workdir / 'tracker.db'}",
        )
        # No token and no JWT secret: the HTTP API must be closed.
        env.pop("BOT_RASA_API_TOKEN", None)
        env.pop("BOT_RASA_JWT_SECRET", None)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot", "serve", "rasa"],
            cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(self.url("/webhooks/rest/"), timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"Rasa not up in {START_TIMEOUT:.0f} s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            self.url("/webhooks/rest/webhook"), body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return list(json.loads(response.read()))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture(scope="module")
def lone_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoneRasa]:
    server = LoneRasa(tmp_path_factory.mktemp("lone-rasa"))
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def test_without_the_action_server_the_assistant_apologises_and_points_on(
    lone_rasa: LoneRasa,
) -> None:
    replies = lone_rasa.say("down-1", "my temples ache every afternoon")
    text = "\n".join(reply.get("text", "") for reply in replies)
    assert "Sorry, something went wrong" in text
    assert "111" in text and "999" in text
    assert "book" in text.lower()
    # Fixed replies need no action server and still work (the greeting is an action now:
    # it links the privacy notice from the settings).
    farewell = "\n".join(reply.get("text", "") for reply in lone_rasa.say("down-2", "bye for now"))
    assert farewell.startswith(("Take care", "Goodbye"))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/status"),
        ("GET", "/conversations/down-1/tracker"),
        ("PUT", "/model"),
        ("POST", "/model/parse"),
        ("POST", "/conversations/down-1/messages"),
    ],
)
def test_without_a_token_the_http_api_is_closed(
    lone_rasa: LoneRasa, method: str, path: str
) -> None:
    request = urllib.request.Request(
        lone_rasa.url(path), b"{}", {"Content-Type": "application/json"}, method=method
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    # The route does not exist at all (not merely refused).
    assert refused.value.code in (404, 405)
