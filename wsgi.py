"""Entry point for ``flask --app wsgi …`` and for gunicorn (``gunicorn wsgi:app``)."""

from tracker import create_app
from tracker.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    # One line for the operator (gunicorn, systemd's journal), not a traceback.
    raise SystemExit(f"tracker: {error}") from None
