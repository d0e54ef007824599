"""Black-box fixtures: a running assistant shared by a test run, or one of a test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from stack import Assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """One running stack shared by the black-box conversations of a test run."""
    workdir = tmp_path_factory.mktemp("assistant")
    running = Assistant(workdir, workdir / "tracker.db")
    running.start()
    yield running
    running.stop()


@pytest.fixture()
def fresh_assistant(tmp_path: Path) -> Iterator[Assistant]:
    """A stack of its own, for tests that stop, restart or break it."""
    running = Assistant(tmp_path, tmp_path / "tracker.db")
    yield running
    if running.process is not None and running.process.poll() is None:
        running.stop()
