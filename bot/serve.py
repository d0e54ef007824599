"""Start the assistant's services (`python -m bot serve ...`), as listed in the Procfile.

Each service replaces this process with its server (exec), so the process runner's
signals reach the server itself and nothing is left behind when it stops.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from bot.action_secret import ENV as ACTION_SECRET_ENV
from bot.action_secret import action_secret
from bot.channels.credentials import EFFECTIVE_FILE as EFFECTIVE_CREDENTIALS
from bot.channels.credentials import write_effective_credentials
from bot.settings import Settings, SettingsError

# No telemetry (nothing leaves the machine) and fewer warnings from libraries Rasa pins.
RASA_PROCESS_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}


# Serving answers one small message at a time: TensorFlow's thread pools cost more in
# hand-offs than they win on two cores, and one thread leaves the other core to the
# action server (an in-process NLU parse: p50 16.7 ms against 17.7 with TensorFlow's
# defaults, measured before the graph-runner and batch changes).
# Training keeps TensorFlow's defaults.
SERVING_ENV = {
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
}


def rasa_env(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for any Rasa command: the values endpoints.yml reads, and quieter logs."""
    env = dict(os.environ if base is None else base)
    env.update(RASA_PROCESS_ENV)
    env["BOT_ACTION_ENDPOINT_URL"] = settings.action_endpoint_url
    env[ACTION_SECRET_ENV] = action_secret(settings.var_dir, env)  # endpoints.yml sends it
    env["RASA_CACHE_DIRECTORY"] = str(settings.var_dir / "rasa-cache")
    env["LOG_LEVEL"] = settings.log_level  # Rasa's own level (BOT_LOG_LEVEL), as the actions'
    env.setdefault("PYTHONPATH", str(settings.project_root))
    return env


def rasa_run_command(settings: Settings) -> list[str]:
    """`rasa run` with the ports, channels, model folder and CORS origins from settings."""
    command = [
        sys.executable,
        "-m",
        "rasa",
        "run",
        "--interface",
        settings.host,
        "--port",
        str(settings.rasa_port),
        "--model",
        str(settings.model_dir),
        "--endpoints",
        str(settings.project_root / "endpoints.yml"),
        "--credentials",
        str(settings.var_dir / EFFECTIVE_CREDENTIALS),
        "--log-file",
        str(settings.var_dir / "logs" / "rasa.log"),
    ]
    # One `--cors` with every origin: the option takes a list, and a repeated `--cors`
    # would keep only the last one.
    if settings.cors_origins:
        command += ["--cors", *settings.cors_origins]
    # The HTTP API (trackers, model, parse) is only opened when a token or a JWT secret
    # guards it; then Rasa refuses every API call without one (401/403).
    if settings.rasa_api_token or settings.rasa_jwt_secret:
        command.append("--enable-api")
    if settings.rasa_api_token:
        command += ["--auth-token", settings.rasa_api_token]
    if settings.rasa_jwt_secret:
        command += ["--jwt-secret", settings.rasa_jwt_secret]
        command += ["--jwt-method", settings.rasa_jwt_method]
    return command


def action_server_command(settings: Settings) -> list[str]:
    """The rasa-sdk action server serving the `actions` package, behind the shared secret
    (its interface and port come from settings, inside the process)."""
    return [sys.executable, "-m", "bot.action_server"]


def _exec(command: Sequence[str], env: Mapping[str, str], cwd: str) -> NoReturn:
    os.chdir(cwd)
    sys.stdout.flush()
    os.execve(command[0], list(command), dict(env))


def migrate_identities(settings: Settings) -> None:
    """Namespace conversations stored before ids carried their channel (once)."""
    from sqlalchemy import create_engine

    from bot.channels.identity import migrate

    if settings.tracker_db_url.startswith("sqlite:///"):
        Path(settings.tracker_db_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    engine = create_engine(settings.tracker_db_url)
    try:
        renamed = migrate(engine, settings.bookings_db)
    finally:
        engine.dispose()
    if renamed:
        print(f"namespaced {len(renamed)} stored conversations by channel", flush=True)


def serve_rasa(args: argparse.Namespace, settings: Settings) -> int:
    models = sorted(settings.model_dir.glob("*.tar.gz"))
    if not models:
        print(f"no trained model in {settings.model_dir}: run `make model` first", file=sys.stderr)
        return 1
    (settings.var_dir / "logs").mkdir(parents=True, exist_ok=True)
    try:  # credentials.yml plus the messaging apps configured in the environment
        write_effective_credentials(
            settings.project_root / "credentials.yml", settings.var_dir, os.environ
        )
    except SettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    migrate_identities(settings)
    env = rasa_env(settings)
    for name, value in SERVING_ENV.items():
        env.setdefault(name, value)
    # Started through bot.rasa_main, which builds this same `rasa run` command inside the
    # process: the API token and JWT secret stay out of the visible command line.
    _exec([sys.executable, "-m", "bot.rasa_main"], env, str(settings.project_root))


def serve_actions(args: argparse.Namespace, settings: Settings) -> int:
    env = rasa_env(settings)
    _exec(action_server_command(settings), env, str(settings.project_root))


def serve_site(args: argparse.Namespace, settings: Settings) -> int:
    from bot import site  # the site needs none of Rasa: keep `serve site` light

    return site.serve(settings)


def health_urls(settings: Settings) -> dict[str, str]:
    """The URL that answers 200 once each service is ready."""
    return {
        "action server": settings.action_health_url,
        "rasa server": f"{settings.rasa_url}/webhooks/rest/",
        "demo site": f"{settings.site_url}/",
    }


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    """True when `url` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_until_healthy(urls: Mapping[str, str], timeout: float) -> list[str]:
    """Poll every URL until all answer or `timeout` passes; return the names still down."""
    started = time.monotonic()
    deadline = started + timeout
    next_note = started + 30
    waiting = dict(urls)
    while waiting and time.monotonic() < deadline:
        for name, url in list(waiting.items()):
            if is_healthy(url):
                print(f"{name} is up ({url})", flush=True)
                del waiting[name]
        if waiting and time.monotonic() >= next_note:
            elapsed = time.monotonic() - started
            print(f"still waiting for {', '.join(sorted(waiting))} ({elapsed:.0f} s)", flush=True)
            next_note += 30
        if waiting:
            time.sleep(0.5)
    return sorted(waiting)


def watch_ready(args: argparse.Namespace, settings: Settings) -> int:
    """Report "ready" once every service answers, then keep watching them."""
    down = wait_until_healthy(health_urls(settings), timeout=args.timeout)
    if down:
        print(f"not ready after {args.timeout:.0f} s: {', '.join(down)}", flush=True)
        return 1
    print(
        "ready\n"
        f"  chat over REST:  POST {settings.rasa_url}/webhooks/rest/webhook\n"
        f"  socket.io:       {settings.rasa_url}/socket.io/\n"
        f"  action server:   http://{settings.action_host}:{settings.action_port}\n"
        f"  demo site:       {settings.site_url}/  (the chat widget)\n"
        "  stop with Ctrl-C",
        flush=True,
    )
    failures = 0
    while True:
        time.sleep(args.interval)
        down = [name for name, url in health_urls(settings).items() if not is_healthy(url, 5)]
        failures = failures + 1 if down else 0
        if failures >= 3:
            print(f"stopped answering: {', '.join(down)}", flush=True)
            return 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add `serve rasa|actions|site|ready` to the command line."""
    serve = commands.add_parser("serve", help="start one of the assistant's services")
    services = serve.add_subparsers(dest="service", required=True, metavar="SERVICE")
    services.add_parser("rasa", help="the Rasa server (REST, socket.io)").set_defaults(
        func=serve_rasa
    )
    services.add_parser("actions", help="the rasa-sdk action server").set_defaults(
        func=serve_actions
    )
    services.add_parser("site", help="the demo site with the chat widget").set_defaults(
        func=serve_site
    )
    ready = services.add_parser("ready", help="wait for every service, then report ready")
    ready.add_argument("--timeout", type=float, default=600.0)
    ready.add_argument("--interval", type=float, default=5.0)
    ready.set_defaults(func=watch_ready)
