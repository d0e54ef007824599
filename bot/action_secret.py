"""The secret the Rasa server sends with every call to the action server.

The action server acts on what the call says (a tracker that asks for a booking creates
one), so it answers only callers that know this secret. `BOT_ACTION_SECRET` sets it; when
unset, the first service to start writes a random one to `var/secrets/action-secret`
(owner-only) and both services read it from there, so `make run` needs nothing set.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Mapping
from pathlib import Path

HEADER = "X-Action-Secret"
ENV = "BOT_ACTION_SECRET"
FILE = Path("secrets") / "action-secret"


def action_secret(var_dir: Path, env: Mapping[str, str] | None = None) -> str:
    """The configured secret, or the one kept under `var_dir` (written when missing)."""
    env = os.environ if env is None else env
    configured = env.get(ENV, "").strip()
    if configured:
        return configured
    path = var_dir / FILE
    for _ in range(50):
        kept = _read(path)
        if kept:
            return kept
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # the other service is writing it: read it in a moment
            time.sleep(0.1)
            continue
        token = secrets.token_hex(32)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(token)
        return token
    raise RuntimeError(f"{path} stays empty: remove it, or set {ENV}")


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""
