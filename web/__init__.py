"""The web app: search pages and a JSON API over the archive."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app; DATA_DIR names the archive's data folder."""
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR="./archive-data")
    app.config.from_prefixed_env("NEWS_ARCHIVE")
    if test_config:
        app.config.from_mapping(test_config)
    return app
