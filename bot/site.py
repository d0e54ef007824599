"""The demo site (`python -m bot serve site`): a booking page with the chat widget on it.

A small static server from the standard library: the page (with the business name from
settings), the widget's assets, and `/config.js`, the widget's configuration generated
from settings so the page talks to whichever Rasa port this run uses. Nothing outside
`bot/web/site` and `bot/web/static` is ever served.
"""

from __future__ import annotations

import html
import json
import mimetypes
import sys
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bot.privacy.notice import NOTICE_PATH, notice_html, notice_url
from bot.settings import Settings

WEB_ROOT = Path(__file__).resolve().parent / "web"
VENDOR_SOCKET_IO = "vendor/socket.io.min.js"  # copied from node_modules by `make web`


@dataclass(frozen=True)
class Page:
    """One response: status, content type and body."""

    status: HTTPStatus
    content_type: str
    body: bytes


NOT_FOUND = Page(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")


def widget_config(settings: Settings) -> dict[str, str | int]:
    """What the page passes to the widget: the Rasa server, the panel title, the greeting,
    and the longest message the server reads (the input stops there)."""
    return {
        "serverUrl": settings.rasa_url,
        "title": f"{settings.business.name} assistant",
        "initialMessage": "hello",
        "maxLength": settings.max_message_chars,
        "privacyUrl": notice_url(settings),
    }


def content_security_policy(settings: Settings) -> str:
    """Only our own scripts and styles run; the page may talk to the Rasa server only."""
    rasa = settings.rasa_url
    socket = "ws" + rasa.removeprefix("http")
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {rasa} {socket}; frame-ancestors 'none'; base-uri 'none'"
    )


class DemoSite:
    """Answers a URL path with the page, an asset, the widget config, or 404."""

    def __init__(self, settings: Settings, root: Path = WEB_ROOT) -> None:
        self.settings = settings
        self.site_dir = (root / "site").resolve()
        self.static_dir = (root / "static").resolve()

    def page(self, url_path: str) -> Page:
        path = unquote(urlsplit(url_path).path)
        if path in ("/", "/index.html"):
            return self._index()
        if path == "/config.js":
            return self._config()
        if path == NOTICE_PATH:
            return self._notice()
        if path.startswith("/static/"):
            return self._file(self.static_dir, path.removeprefix("/static/"))
        return self._file(self.site_dir, path.removeprefix("/"))

    def _index(self) -> Page:
        template = (self.site_dir / "index.html").read_text(encoding="utf-8")
        page = template.replace("{business_name}", html.escape(self.settings.business.name))
        return Page(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())

    def _notice(self) -> Page:
        from bot import business_faq  # read once, on the first visit to the notice

        page = notice_html(self.settings, business_faq.default().contact.email)
        return Page(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())

    def _config(self) -> Page:
        # "</" could end a script element if this were ever inlined; keep it inert anyway
        config = json.dumps(widget_config(self.settings)).replace("</", "<\\/")
        body = f"window.TriageChat = {config};\n"
        return Page(HTTPStatus.OK, "text/javascript; charset=utf-8", body.encode())

    def _file(self, folder: Path, relative: str) -> Page:
        if not relative or relative == "index.html":
            return NOT_FOUND
        try:
            target = (folder / relative).resolve()
            if not target.is_relative_to(folder) or not target.is_file():
                return NOT_FOUND
        except (ValueError, OSError):  # a NUL byte, a name too long: no such file
            return NOT_FOUND
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        return Page(HTTPStatus.OK, content_type, target.read_bytes())


def make_server(settings: Settings, site: DemoSite | None = None) -> ThreadingHTTPServer:
    """The HTTP server for `site` on `settings.host:settings.web_port` (not yet serving)."""
    demo = site or DemoSite(settings)
    policy = content_security_policy(settings)

    class Handler(BaseHTTPRequestHandler):
        server_version = "TriageDemoSite"

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            self._answer(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            page = demo.page(self.path)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            if with_body:
                self.wfile.write(page.body)

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            # the readiness watcher polls every few seconds: log only what went wrong
            if str(code).isdigit() and int(code) >= 400:
                super().log_request(code, size)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return ThreadingHTTPServer((settings.host, settings.web_port), Handler)


def serve(settings: Settings, site_root: Path = WEB_ROOT) -> int:
    """Serve the demo site until interrupted (Ctrl-C or honcho's SIGINT)."""
    if not (site_root / "static" / VENDOR_SOCKET_IO).is_file():
        print(
            f"warning: {site_root / 'static' / VENDOR_SOCKET_IO} is missing, the widget "
            "cannot connect: run `make setup`",
            file=sys.stderr,
            flush=True,
        )
    server = make_server(settings, DemoSite(settings, site_root))
    print(f"demo site on http://{settings.host}:{settings.web_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
