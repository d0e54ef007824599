"""Black-box fixtures: a stack of a test's own (the shared one is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from stack import Assistant


@pytest.fixture()
def fresh_assistant(tmp_path: Path) -> Iterator[Assistant]:
    """A stack of its own, for tests that stop, restart or break it."""
    running = Assistant(tmp_path, tmp_path / "tracker.db")
    yield running
    if running.process is not None and running.process.poll() is None:
        running.stop()
