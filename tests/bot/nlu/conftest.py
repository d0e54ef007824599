"""Knowledge bases for the NLU tests: the kb tests' small data set, grown a little; the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import builder
from bot.nlu import vocabulary
from bot.nlu.reader import TriageReader
from bot.nlu.vocabulary import Vocabulary
from tests.bot.kb.conftest import FILES, write_data

REAL_DATA = Path(__file__).resolve().parents[3] / "data" / "kb"

# More places, so negation and sides have something to say "not my knee, my shin" about.
EXTRA_ZONES = """\
- id: knee
  name: Knee
  parent: leg
  phrasings: [knee, knees, my knee]
- id: shin
  name: Shin
  parent: leg
  phrasings: [shin, shins, shin bone]
- id: heel
  name: Heel
  parent:
  phrasings: [heel, heels]
- id: low_back
  name: Low back
  parent:
  phrasings: [back, lower back, back pain]
- id: back_of_head
  name: Back of the head
  parent: head
  phrasings: [back of my head, base of my skull]
- id: shoulder
  name: Shoulder
  parent:
  phrasings: [shoulder, shoulders]
- id: base_of_neck
  name: Base of the neck
  parent: neck
  phrasings: [base of my neck, neck and shoulder, neck and shoulders]
"""
EXTRA_TRIGGERS = """\
- id: overhead_work
  name: Overhead work
  phrasings: [plasterer, "i'm a plasterer", painting ceilings]
  explanation: Arms held up load the shoulders.
  advice: Take breaks with the arms down.
  muscles:
    - {muscle: upper_trapezius, source: davies}
- id: stress
  name: Stress
  phrasings: [stress, stressed, clench my jaw]
  explanation: Tension raises the load on every muscle.
  advice: Breaks and breathing.
  muscles:
    - {muscle: masseter, source: davies}
"""
EXTRA_RED_FLAGS = """\
- id: chest_pain
  name: Chest pain
  level: emergency
  when:
    - [chest, crushing]
  advice: Call 999.
  source: service
"""
EXTRA_CONCEPTS = """\
- id: chest
  kind: site
  terms: [chest]
- id: crushing
  kind: quality
  terms: [crushing, heavy, tight]
"""
SMALL_FILES = {
    **FILES,
    "zones.yml": FILES["zones.yml"] + EXTRA_ZONES,
    "triggers.yml": FILES["triggers.yml"] + EXTRA_TRIGGERS,
    "red_flags.yml": FILES["red_flags.yml"] + EXTRA_RED_FLAGS,
    "safety_concepts.yml": FILES["safety_concepts.yml"] + EXTRA_CONCEPTS,
}


@pytest.fixture(scope="session")
def small_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small data set (with the extra zones, trigger and red flag) built once."""
    base = tmp_path_factory.mktemp("nlu-kb")
    db_path = base / "kb.db"
    builder.build(write_data(base / "data", SMALL_FILES), db_path)
    return db_path


@pytest.fixture(scope="session")
def small_vocabulary(small_kb_path: Path) -> Vocabulary:
    """The vocabulary of the small knowledge base."""
    return vocabulary.from_kb(small_kb_path)


@pytest.fixture(scope="session")
def small_reader(small_vocabulary: Vocabulary) -> TriageReader:
    """A reader over the small knowledge base."""
    return TriageReader(small_vocabulary)


@pytest.fixture(scope="session")
def real_reader(tmp_path_factory: pytest.TempPathFactory) -> TriageReader:
    """A reader over the curated data in data/kb/, built into a temporary database."""
    db_path = tmp_path_factory.mktemp("nlu-real-kb") / "kb.db"
    builder.build(REAL_DATA, db_path)
    return TriageReader(vocabulary.from_kb(db_path))
