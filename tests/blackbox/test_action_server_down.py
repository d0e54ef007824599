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


@pytest.fixture()
def lone_rasa(tmp_path: Path) -> Iterator[LoneRasa]:
    server = LoneRasa(tmp_path)
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
    # Fixed replies need no action server and still work.
    greeting = "\n".join(reply.get("text", "") for reply in lone_rasa.say("down-2", "hello"))
    assert greeting.startswith(("Hello", "Hi"))
