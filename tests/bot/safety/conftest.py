"""The safety engine over the curated rules in data/kb/, built once into a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import builder
from bot.kb.query import ReferralKB
from bot.safety.engine import SafetyEngine

REAL_DATA = Path(__file__).resolve().parents[3] / "data" / "kb"


@pytest.fixture(scope="session")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> ReferralKB:
    """The knowledge base built from data/kb/."""
    db_path = tmp_path_factory.mktemp("safety-kb") / "kb.db"
    builder.build(REAL_DATA, db_path)
    return ReferralKB(db_path)


@pytest.fixture(scope="session")
def engine(real_kb: ReferralKB) -> SafetyEngine:
    """The one red-flag engine, as the NLU, the command line and the actions use it."""
    return real_kb.safety_engine()
