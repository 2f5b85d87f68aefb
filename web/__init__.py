"""The two front ends over the archive: the web app (`web/app.py`, Flask) and the `archive`
command (`web/cli.py`). Nothing is imported here, so the command does not load Flask."""

from __future__ import annotations


def create_app(test_config: dict | None = None):
    """The Flask app (web/app.py)."""
    from web.app import create_app as make

    return make(test_config)

