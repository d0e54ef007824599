"""Train the Rasa model only when its inputs changed, and run other Rasa commands.

The fingerprint is a hash of every file training reads (config, domain, training data,
the knowledge base the NLU vocabulary comes from, the project's NLU components) and the
locked versions of the packages that train it (Rasa, TensorFlow, spaCy, ...): a new test
tool in the lock file does not retrain. It is stored beside the model, so a check costs
no Rasa import.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.serve import rasa_env
from bot.settings import Settings

TRAINING_DATA_DIRS = ("data/nlu", "data/rules", "data/stories")
FINGERPRINT_FILE = "fingerprint.json"
LOCK_FILE = "uv.lock"
# Packages whose version can change what training produces (matched by name prefix).
TRAINING_PACKAGES = (
    "rasa",
    "tensorflow",
    "keras",
    "spacy",
    "numpy",
    "scipy",
    "scikit-learn",
    "sklearn-crfsuite",
    "sqlite-utils",
)
_LOCKED_PACKAGE = re.compile(r'^\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', re.M)


def training_inputs(root: Path) -> list[Path]:
    """Every file whose content changes what `rasa train` produces, in a stable order."""
    files = [root / "config.yml", root / "domain.yml"]
    for folder in (*TRAINING_DATA_DIRS, "data/kb", "bot/nlu"):
        base = root / folder
        if base.is_dir():
            files += sorted(
                path
                for path in base.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts
            )
    return [path for path in files if path.exists()]


def training_packages(lock_text: str) -> list[str]:
    """`name==version` of each locked package that training depends on, sorted."""
    return sorted(
        f"{name}=={version}"
        for name, version in _LOCKED_PACKAGE.findall(lock_text)
        if name.startswith(TRAINING_PACKAGES)
    )


def fingerprint(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 over the files' paths (relative to `root`) and contents, and the locked
    versions of the training packages in `root`'s lock file."""
    digest = hashlib.sha256()
    lock = root / LOCK_FILE
    if lock.is_file():
        digest.update("\n".join(training_packages(lock.read_text())).encode())
        digest.update(b"\0")
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def current_model(model_dir: Path) -> tuple[str, Path] | None:
    """The recorded fingerprint and model file, if the model is still there."""
    record = model_dir / FINGERPRINT_FILE
    try:
        data = json.loads(record.read_text())
        model = model_dir / data["model"]
        return (str(data["fingerprint"]), model) if model.is_file() else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def train(settings: Settings, print_progress: bool = True) -> Path:
    """Run `rasa train` into the model folder; keep only the new model."""
    root = settings.project_root
    wanted = fingerprint(root, training_inputs(root))
    name = f"triage-{wanted[:12]}"
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(root / "config.yml"),
        "--domain", str(root / "domain.yml"),
        "--data", *(str(root / folder) for folder in TRAINING_DATA_DIRS),
        "--out", str(settings.model_dir),
        "--fixed-model-name", name,
    ]  # fmt: skip
    output = None if print_progress else subprocess.DEVNULL
    subprocess.run(command, env=rasa_env(settings), cwd=root, check=True, stdout=output)
    model = settings.model_dir / f"{name}.tar.gz"
    for old in settings.model_dir.glob("*.tar.gz"):
        if old != model:
            old.unlink()
    record = {"fingerprint": wanted, "model": model.name}
    (settings.model_dir / FINGERPRINT_FILE).write_text(json.dumps(record, indent=2) + "\n")
    return model


def ensure(args: argparse.Namespace, settings: Settings) -> int:
    root = settings.project_root
    wanted = fingerprint(root, training_inputs(root))
    recorded = current_model(settings.model_dir)
    if recorded and recorded[0] == wanted and not args.force:
        print(f"model up to date: {recorded[1].relative_to(root)}")
        return 0
    print("training the Rasa model (its inputs changed; this takes a few minutes)...", flush=True)
    try:
        model = train(settings)
    except subprocess.CalledProcessError as error:
        print(
            f"training failed (exit code {error.returncode}); see the output above", file=sys.stderr
        )
        return 1
    print(f"model trained: {model.relative_to(root)}")
    return 0


def run_rasa(args: argparse.Namespace, settings: Settings) -> int:
    """Any `rasa` sub-command, with the environment endpoints.yml expects."""
    command = [sys.executable, "-m", "rasa", *args.rasa_args]
    return subprocess.run(command, env=rasa_env(settings), cwd=settings.project_root).returncode


def register(commands: argparse._SubParsersAction) -> None:
    """Add `model ensure` and the `rasa ...` pass-through to the command line."""
    model = commands.add_parser("model", help="the trained Rasa model")
    actions = model.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    ensure_parser = actions.add_parser("ensure", help="train only if the inputs changed")
    ensure_parser.add_argument("--force", action="store_true", help="train even if up to date")
    ensure_parser.set_defaults(func=ensure)

    rasa = commands.add_parser("rasa", help="run a rasa command with the project's settings")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER)
    rasa.set_defaults(func=run_rasa)
