"""bot.site: the demo page, the widget's config and assets, and nothing outside them."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from http import HTTPStatus
from pathlib import Path

import pytest

from bot import settings as settings_module
from bot.settings import Settings
from bot.site import DemoSite, content_security_policy, make_server


@pytest.fixture()
def settings() -> Settings:
    loaded = settings_module.load(
        {
            "BOT_RASA_PORT": "5123",
            "BOT_BUSINESS_NAME": "Knots & <Co>",
            "BOT_MAX_MESSAGE_CHARS": "900",
        }
    )
    return replace(loaded, web_port=0)  # any free port


@pytest.fixture()
def web_root(tmp_path: Path) -> Path:
    """A small copy of bot/web: the page template, one asset, one secret next to it."""
    (tmp_path / "site").mkdir()
    (tmp_path / "static").mkdir()
    (tmp_path / "site" / "index.html").write_text("<title>{business_name}</title>")
    (tmp_path / "site" / "site.css").write_text("body {}")
    (tmp_path / "static" / "widget.js").write_text("// widget")
    (tmp_path / "secret.txt").write_text("not for the web")
    return tmp_path


@pytest.fixture()
def base_url(settings: Settings, web_root: Path) -> Iterator[str]:
    server = make_server(settings, DemoSite(settings, web_root))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_page_names_the_business_escaped(base_url: str) -> None:
    status, headers, body = get(base_url + "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == b"<title>Knots &amp; &lt;Co&gt;</title>"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_the_config_points_the_widget_at_the_rasa_server(base_url: str) -> None:
    status, headers, body = get(base_url + "/config.js")
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    prefix, _, rest = body.decode().partition("window.TriageChat = ")
    assert prefix == ""
    config = json.loads(rest.rstrip().removesuffix(";").replace("<\\/", "</"))
    assert config == {
        "serverUrl": "http://127.0.0.1:5123",
        "title": "Knots & <Co> assistant",
        "initialMessage": "hello",
        "maxLength": 900,
        "privacyUrl": "http://127.0.0.1:0/privacy",
    }
    assert "</" not in rest


def test_the_privacy_notice_is_served_from_the_settings(base_url: str) -> None:
    status, headers, body = get(base_url + "/privacy")
    page = body.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<strong>Knots &amp; &lt;Co&gt;</strong> is the controller" in page
    assert "Kept for 90 days after your last message" in page
    assert "hello@knotfree.example" in page  # the team's e-mail when no contact is set


@pytest.mark.parametrize("path", ["/%00", "/static/%00.js", "/site.css%00", "/%ud800"])
def test_odd_bytes_in_a_path_are_not_found_not_an_error(base_url: str, path: str) -> None:
    assert get(base_url + path)[0] == 404


def test_assets_are_served_from_their_folders(base_url: str) -> None:
    assert get(base_url + "/static/widget.js")[::2] == (200, b"// widget")
    assert get(base_url + "/site.css")[::2] == (200, b"body {}")


@pytest.mark.parametrize(
    "path",
    [
        "/secret.txt",
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/static/",
        "/static/missing.js",
        "/site/index.html",
        "/etc/passwd",
        "/static//etc/passwd",
    ],
)
def test_nothing_outside_the_web_folders_is_served(base_url: str, path: str) -> None:
    status, _, body = get(base_url + path)
    assert status == HTTPStatus.NOT_FOUND
    assert b"not for the web" not in body


def test_the_page_may_only_talk_to_the_rasa_server(settings: Settings) -> None:
    policy = content_security_policy(settings)
    assert "connect-src 'self' http://127.0.0.1:5123 ws://127.0.0.1:5123;" in policy
