"""Settings read from the environment: the secret key production insists on, and the reverse
proxy the app trusts only when told (``TRACKER_PROXY_HOPS``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask, request, url_for
from flask.cli import FlaskGroup
from sqlalchemy import select
from werkzeug.test import Client

from tracker import create_app
from tracker.accounts.models import LoginAttempt
from tracker.config import ConfigurationError
from tracker.extensions import db

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "0123456789abcdef" * 4
SETTINGS = ("SECRET_KEY", "TRACKER_ENV", "TRACKER_PROXY_HOPS", "DATABASE_URL")


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A production environment with none of the settings, and an instance folder of the
    test's own (the development key is written there)."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    return monkeypatch


# The secret key ---------------------------------------------------------------------------
def test_production_refuses_to_start_without_a_secret_key(environment) -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app()


def test_production_refuses_a_short_secret_key(environment) -> None:
    environment.setenv("SECRET_KEY", "changeme")
    with pytest.raises(ConfigurationError, match="SECRET_KEY is too short"):
        create_app()


def test_production_starts_with_a_strong_secret_key(environment) -> None:
    environment.setenv("SECRET_KEY", STRONG_KEY)
    assert create_app().config["SECRET_KEY"] == STRONG_KEY


def test_development_keeps_a_key_in_the_instance_folder(environment, tmp_path: Path) -> None:
    environment.setenv("TRACKER_ENV", "development")
    first = create_app().config["SECRET_KEY"]
    assert len(first) >= 32
    assert (tmp_path / "instance" / "secret_key").read_text() == first
    assert create_app().config["SECRET_KEY"] == first  # a restart keeps everybody logged in


def test_a_flask_command_runs_without_a_secret_key(environment, tmp_path: Path) -> None:
    """``flask --app wsgi user create`` signs nothing: it must not need the server's key."""
    cli = FlaskGroup(create_app=create_app)
    result = CliRunner().invoke(cli, ["routes"])
    assert result.exit_code == 0, result.output
    assert "/login" in result.output
    assert not (tmp_path / "instance" / "secret_key").exists()  # a throw-away key


def test_gunicorn_stops_with_one_line_without_a_secret_key(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.db'}"
    finished = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0",
         "wsgi:app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert finished.returncode == 1
    assert finished.stderr.strip().splitlines()[-1].startswith("tracker: SECRET_KEY is not set")
    assert "Traceback" not in finished.stderr


# The reverse proxy ------------------------------------------------------------------------
def probed(app: Flask) -> Client:
    """A plain client of ``app`` whose every request is answered, before the login wall,
    with what the app believes of it."""

    def answer() -> dict[str, str | None]:
        return {"login": url_for("accounts.login", _external=True),
                "remote_addr": request.remote_addr}

    app.before_request_funcs.setdefault(None, []).insert(0, answer)
    return Client(app)


#: The proxy's own address, as the app sees the connection.
PROXY = {"REMOTE_ADDR": "10.0.0.2"}
FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "tracker.example.org"}


def test_behind_a_proxy_the_forwarded_scheme_host_and_address_count(make_app) -> None:
    client = probed(make_app(TRACKER_PROXY_HOPS=1))
    seen = client.get("/probe", headers=FORWARDED, environ_base=PROXY).json
    assert seen == {"login": "https://tracker.example.org/login", "remote_addr": "203.0.113.7"}


def test_without_a_proxy_forwarded_headers_are_ignored(make_app) -> None:
    client = probed(make_app())
    seen = client.get("/probe", headers=FORWARDED, environ_base=PROXY).json
    assert seen == {"login": "http://localhost/login", "remote_addr": "10.0.0.2"}


def test_login_throttling_records_the_forwarded_address(make_app, users) -> None:
    app = make_app(TRACKER_PROXY_HOPS=1)
    response = app.test_client().post(
        "/login", data={"email": users["chair"].email, "password": "wrong"}, headers=FORWARDED
    )
    assert response.status_code == 401
    with app.app_context():
        recorded = db.session.execute(select(LoginAttempt.remote_addr)).scalars().all()
    assert recorded == ["203.0.113.7"]


def test_a_proxy_count_that_is_not_a_number_is_refused(environment) -> None:
    environment.setenv("SECRET_KEY", STRONG_KEY)
    environment.setenv("TRACKER_PROXY_HOPS", "yes")
    with pytest.raises(ConfigurationError, match="TRACKER_PROXY_HOPS"):
        create_app()


# Served over HTTPS (TRACKER_SECURE_COOKIES) ------------------------------------------------
HTTPS = "https://tracker.example.org"


def _set_cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.headers.getlist("Set-Cookie")


def _login(app: Flask, email: str, base_url: str):  # type: ignore[no-untyped-def]
    from .helpers import PASSWORD

    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD},
                           base_url=base_url)
    assert response.status_code == 302, response.status_code
    return client, response


def test_secure_cookies_name_the_session_cookie_with_the_host_prefix(make_app, users) -> None:
    app = make_app(TRACKER_SECURE_COOKIES=True, APPLICATION_ROOT="/tracker")
    _client, response = _login(app, users["chair"].email, HTTPS)
    [session] = [c for c in _set_cookies(response) if c.startswith("__Host-session=")]
    attributes = [part.strip() for part in session.split(";")[1:]]
    # What a browser demands of a __Host- cookie: Secure, Path=/, no Domain.
    assert "Secure" in attributes
    assert "Path=/" in attributes
    assert not any(part.lower().startswith("domain=") for part in attributes)
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
    assert not any(c.startswith("session=") for c in _set_cookies(response))


def test_without_secure_cookies_the_cookie_is_the_plain_session(make_app, users) -> None:
    _client, response = _login(make_app(), users["chair"].email, "http://localhost")
    [session] = [c for c in _set_cookies(response) if c.startswith("session=")]
    assert "Secure" not in [part.strip() for part in session.split(";")]


def test_hsts_only_with_secure_cookies(make_app) -> None:
    secure = make_app(TRACKER_SECURE_COOKIES=True).test_client().get("/login", base_url=HTTPS)
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = make_app().test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers


def test_the_content_security_policy_forbids_plugins_and_foreign_base_urls(make_app) -> None:
    policy = make_app().test_client().get("/login").headers["Content-Security-Policy"]
    directives = {part.strip() for part in policy.split(";")}
    assert {"object-src 'none'", "base-uri 'none'", "default-src 'self'",
            "frame-ancestors 'none'"} <= directives


def test_the_session_cookie_is_not_sent_again_with_every_answer(make_app, users) -> None:
    app = make_app(TRACKER_SECURE_COOKIES=True)
    client, _response = _login(app, users["chair"].email, HTTPS)
    client.get("/", base_url=HTTPS)  # shows (and so takes out of the session) the greeting
    for _ in range(2):
        later = client.get("/", base_url=HTTPS)
        assert later.status_code == 200
        # Nothing in the session changed: Flask would have re-sent it to slide its expiry.
        assert not any(c.startswith("__Host-session=") for c in _set_cookies(later))
    assert client.get_cookie("__Host-session", domain="tracker.example.org") is not None


def test_secure_cookies_come_from_the_environment(environment) -> None:
    environment.setenv("SECRET_KEY", STRONG_KEY)
    environment.setenv("TRACKER_SECURE_COOKIES", "1")
    app = create_app()
    assert (app.config["SESSION_COOKIE_NAME"], app.config["SESSION_COOKIE_SECURE"],
            app.config["REMEMBER_COOKIE_SECURE"]) == ("__Host-session", True, True)
    environment.setenv("TRACKER_SECURE_COOKIES", "0")
    assert create_app().config["SESSION_COOKIE_NAME"] == "session"
