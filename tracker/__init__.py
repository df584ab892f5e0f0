"""OGP Action-Plan Tracker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from . import config

    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    from .database import engine_options

    # The SQLite library (or PostgreSQL's settings) for the URL finally chosen, merged into
    # the options the configuration gives.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS")
    )
    app.config.update(config.secure_settings(bool(app.config["TRACKER_SECURE_COOKIES"])))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.settle_secret_key(app)
    if hops := app.config.get("TRACKER_PROXY_HOPS"):
        # Behind that many proxies the client's address, scheme, host and prefix are the
        # ones they forward (login throttling, url_for(_external=True), secure cookies).
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )

    from .inputs import IdConverter, TrackerJSONProvider, apply_upload_limit

    # Before any blueprint adds a rule: every <int:…> in a URL is a bounded id.
    app.url_map.converters["int"] = IdConverter
    app.json = TrackerJSONProvider(app)

    from . import errors, i18n
    from .database import configure_engine
    from .extensions import cache, csrf, db, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    # The first request hook: a view's larger body limit before anything reads the form.
    app.before_request(apply_upload_limit)
    csrf.init_app(app)
    cache.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)

    from .accounts import auth

    auth.init_app(app, login_manager)

    from .accounts.admin_views import bp as users_bp
    from .accounts.mfa_views import bp as mfa_bp
    from .accounts.password_views import bp as passwords_bp
    from .accounts.token_views import bp as tokens_bp
    from .accounts.views import bp as accounts_bp
    from .api import bp as api_bp
    from .board.views import bp as board_bp
    from .charts.views import bp as charts_bp
    from .commitments import import_views as plan_import_views  # noqa: F401  (its routes)
    from .commitments.views import bp as commitments_bp
    from .directory.views import bp as directory_bp
    from .feeds.views import account_bp as calendar_bp
    from .feeds.views import bp as feeds_bp
    from .meetings import (  # noqa: F401  (the protocol import's routes)
        bulk_views,
        import_views,
    )
    from .meetings.views import bp as meetings_bp
    from .municipalities import web as municipality_web
    from .municipalities.views import bp as municipalities_bp
    from .notifications import views as notifications
    from .people.views import bp as people_bp
    from .progress.views import bp as progress_bp
    from .public.settings_views import bp as public_settings_bp
    from .public.views import bp as public_bp
    from .selfassessment.views import bp as selfassessment_bp
    from .subgroups.views import bp as subgroups_bp
    from .warnings import views as early_warnings

    municipality_web.init_app(app)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(mfa_bp)
    app.register_blueprint(passwords_bp)
    app.register_blueprint(tokens_bp)
    app.register_blueprint(municipalities_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(calendar_bp)
    notifications.init_app(app)  # the bell, the list, preferences, the outbox
    early_warnings.init_app(app)  # the header's count of early warnings
    # A municipality's pages live under /m/<slug>/ (the board at its root).
    for area in (board_bp, charts_bp, commitments_bp, directory_bp, subgroups_bp, meetings_bp,
                 people_bp, public_settings_bp, progress_bp, early_warnings.bp,
                 selfassessment_bp):
        municipality_web.mount(app, area)
    app.register_blueprint(api_bp)
    # A municipality's public site, /p/<slug>/ (404 while its `public` flag is off).
    app.register_blueprint(public_bp)

    from .cli import register_cli

    register_cli(app)

    @app.after_request
    def _security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; object-src 'none'; base-uri 'none'",
        )
        if app.config["TRACKER_SECURE_COOKIES"]:
            # Only a site served over HTTPS may say so: HSTS over a plain-HTTP trial would
            # make browsers refuse that host over http:// for a year.
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
