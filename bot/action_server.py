"""The action server: rasa-sdk's, on its own interface, answering only the Rasa server.

`bot serve actions` starts this instead of `python -m rasa_sdk`. It binds to
`BOT_ACTION_HOST` (loopback by default, whatever interface Rasa listens on) and refuses
every call without the shared secret (`bot.action_secret`) that Rasa sends in the
`X-Action-Secret` header (endpoints.yml); `/health` stays open for the readiness watch.
"""

from __future__ import annotations

import hmac
import logging

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings as settings_module
from bot.action_secret import HEADER, action_secret
from bot.privacy.schedule import start_purge_worker

OPEN_PATHS = frozenset({"/health"})


def refusal(path: str, given: str, secret: str) -> HTTPResponse | None:
    """The answer to a call that may not pass (401), or None when it may."""
    if path in OPEN_PATHS or hmac.compare_digest(given.encode(), secret.encode()):
        return None
    return response.json({"error": f"this server answers the assistant only ({HEADER})"}, 401)


def guarded_app(secret: str, actions: str = "actions") -> Sanic:
    """rasa-sdk's app for the `actions` package, refusing calls without `secret`."""
    app = create_app(actions, cors_origins=None, auto_reload=False)

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        return refusal(request.path, request.headers.get(HEADER, ""), secret)

    return app


def main() -> None:
    settings = settings_module.load()
    utils.configure_colored_logging(settings.log_level)
    logging.getLogger(APPLICATION_ROOT_LOGGER_NAME).setLevel(settings.log_level)
    utils.update_sanic_log_level()
    app = guarded_app(action_secret(settings.var_dir))
    start_purge_worker(settings)  # retention: what is past its period goes, every hour
    app.run(settings.action_host, settings.action_port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
