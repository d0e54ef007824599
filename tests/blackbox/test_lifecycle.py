"""The stack as `make run` runs it: stopping, restarting, and a service dying."""

from __future__ import annotations

import os
import signal
import time

import pytest
from stack import Assistant, port_is_open

pytestmark = pytest.mark.blackbox


def group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def wait_for(condition: object, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def test_restart_keeps_the_conversation_and_stops_cleanly(fresh_assistant: Assistant) -> None:
    stack = fresh_assistant
    stack.start()
    stack.say("returning-user", "hello")
    stack.say("returning-user", "are you a bot?")
    before = [e for e in stack.tracker("returning-user")["events"] if e["event"] == "user"]
    assert [e["text"] for e in before] == ["hello", "are you a bot?"]

    service_groups = [stack.pid_of(name) for name in ("rasa", "actions", "ready")]
    stack.stop(signal.SIGINT)  # what Ctrl-C sends
    for port in (stack.ports["rasa"], stack.ports["actions"]):
        assert wait_for(lambda p=port: not port_is_open(p)), f"port {port} still bound"
    for pgid in service_groups:
        assert wait_for(lambda g=pgid: group_is_gone(g)), f"process group {pgid} left behind"

    stack.start()
    stack.say("returning-user", "thanks")
    after = [e["text"] for e in stack.tracker("returning-user")["events"] if e["event"] == "user"]
    assert after == ["hello", "are you a bot?", "thanks"]

    stack.stop(signal.SIGTERM)
    assert wait_for(lambda: not port_is_open(stack.ports["rasa"]))


def test_a_dying_service_is_named_and_stops_the_others(fresh_assistant: Assistant) -> None:
    stack = fresh_assistant
    stack.start()
    os.killpg(stack.pid_of("actions"), signal.SIGKILL)
    assert stack.process is not None
    stack.process.wait(timeout=40)
    log = stack.log()
    assert "actions.1 stopped" in log
    assert "sending SIGTERM to rasa.1" in log
    assert wait_for(lambda: not port_is_open(stack.ports["rasa"]))
