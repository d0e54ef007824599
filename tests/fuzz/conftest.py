"""The fuzzing layer: generated text through every reader of messages (here), every action
(tests/actions/test_fuzz_actions.py), the trained model and the running servers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import hostile` from any layer
