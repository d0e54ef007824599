"""Fixtures shared across test layers: one running assistant for a whole test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.blackbox.stack import Assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """One running stack (servers and demo site) shared by the black-box and browser tests.

    Each start costs a minute or two on two cores, so the layers share it; a test that
    restarts it (tests/browser) leaves it running with the same ports and databases.
    """
    workdir = tmp_path_factory.mktemp("assistant")
    running = Assistant(workdir, workdir / "tracker.db")
    running.start()
    yield running
    if running.process is not None and running.process.poll() is None:
        running.stop()
