"""The real servers, started exactly as `make run` starts them (black-box tests, converse-eval).

`Assistant` runs `honcho start` on the project's Procfile with free ports and throw-away
tracker and bookings databases, waits for the "ready" line, and talks HTTP like the widget.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HONCHO = ROOT / ".venv" / "bin" / "honcho"
API_TOKEN = "blackbox-test-token"
REST_TOKEN = "blackbox-rest-token"  # REST posts carry it, as the operator's systems would
START_TIMEOUT = 660.0
# Scripted conversations type far faster than people: the evaluations lift the rate limit
# (tests/blackbox/test_rate_limits.py checks the default one).
EVALUATION_ENV = {"BOT_RATE_LIMIT": "100000/minute"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Assistant:
    """The running stack (action server, Rasa server, readiness watcher) under honcho."""

    def __init__(
        self, workdir: Path, tracker_db: Path, extra_env: Mapping[str, str] | None = None
    ) -> None:
        self.workdir = workdir
        self.bookings_db = workdir / "bookings.db"
        self.ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
        self.env = dict(os.environ)
        self.env.update(
            BOT_RASA_PORT=str(self.ports["rasa"]),
            BOT_ACTION_PORT=str(self.ports["actions"]),
            BOT_WEB_PORT=str(self.ports["web"]),
            BOT_TRACKER_DB_URL=f"sqlite:///{tracker_db}",
            BOT_BOOKINGS_DB=str(self.bookings_db),
            BOT_RASA_API_TOKEN=API_TOKEN,
            BOT_REST_TOKEN=REST_TOKEN,
        )
        self.env.update(extra_env or {})  # e.g. messaging apps, socket.io JWT
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "honcho.log"
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    def start(self) -> None:
        self.starts += 1
        self.log_path = self.workdir / f"honcho-{self.starts}.log"
        self.process = subprocess.Popen(
            [str(HONCHO), "--procfile", "Procfile", "--app-root", str(ROOT), "start"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if re.search(r"ready\.1\s+\|\s+ready$", self.log(), re.MULTILINE):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"honcho exited early:\n{self.log()[-3000:]}")
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"not ready in {START_TIMEOUT:.0f} s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def pid_of(self, service: str) -> int:
        """The pid honcho reports for a service (its shell; the server runs inside it)."""
        match = re.search(rf"{service}\.1 started \(pid=(\d+)\)", self.log())
        assert match, f"no pid for {service} in the log"
        return int(match.group(1))

    def stop(self, sig: int = signal.SIGINT) -> int:
        """Stop like Ctrl-C does; return honcho's exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        """Send a message over the REST channel; the bot's replies."""
        return list(
            self.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": text})
        )

    def texts(self, sender: str, text: str) -> list[str]:
        return [reply["text"] for reply in self.say(sender, text) if "text" in reply]

    def tracker(self, sender: str, namespace: str | None = "rest") -> dict[str, Any]:
        """The stored conversation of `sender` on a channel (its namespace: rest, web, sms...;
        None: `sender` is already a conversation id)."""
        conversation = sender if namespace is None else f"{namespace}:{sender}"
        return dict(self.request("GET", f"/conversations/{conversation}/tracker?token={API_TOKEN}"))

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {REST_TOKEN}"}
        request = urllib.request.Request(self.base_url + path, data, headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())
