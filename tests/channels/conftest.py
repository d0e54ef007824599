"""One running assistant with every messaging app enabled, talking to fake provider APIs.

Each Rasa start costs one to two minutes here, so the connector tests share one stack.
It keeps its state (the written credentials, offered options, logs) in a throw-away
folder, so it never touches the credentials of a `make run` on this machine.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from connectors_stack import Connected, connector_env
from fake_providers import FakeProviders
from stack import ROOT, Assistant


@pytest.fixture(scope="session")
def connected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connected]:
    """The assistant with every messaging app on, and the fake APIs it replies through."""
    fake = FakeProviders()
    fake.start()
    workdir = tmp_path_factory.mktemp("connectors")
    env = {
        **connector_env(fake.url),
        "BOT_VAR_DIR": str(workdir / "var"),
        "BOT_MODEL_DIR": str(ROOT / "var" / "models"),
        "BOT_KB_PATH": str(ROOT / "var" / "kb.db"),
    }
    assistant = Assistant(workdir, workdir / "tracker.db", env)
    try:
        assistant.start()
        yield Connected(assistant, fake)
    finally:
        if assistant.process is not None:
            assistant.stop()
        fake.stop()
