"""The web app: search pages, article and entity pages, and a JSON API over the archive."""

from __future__ import annotations

import bleach
from flask import Flask, jsonify, render_template, request
from markupsafe import Markup

from index.errors import IndexDamaged

# Everything the pages use comes from this server: no inline script or style.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def highlighted(html: str) -> Markup:
    """Mark a highlighted snippet or title safe, letting nothing through but <mark class>.

    The index's highlighter already escapes the article text; bleach enforces that
    whatever else might come through is escaped too (defence in depth).
    """
    return Markup(bleach.clean(html, tags={"mark"}, attributes={"mark": ["class"]}))


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app; DATA_DIR names the archive's data folder (store and index)."""
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR="./archive-data", PER_PAGE=10, EDIT=False,
                            EDIT_REMOTE=False)
    app.config.from_prefixed_env("NEWS_ARCHIVE")
    if test_config:
        app.config.from_mapping(test_config)

    from web import api, db, edit, feeds, following, views

    db.init_app(app)
    app.add_template_filter(highlighted)
    app.add_template_global(views.entity_url)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(edit.bp)
    app.register_blueprint(feeds.bp)
    following.init_app(app)

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", title="Not found", message=error.description), 404

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("error.html", title="Not allowed", message=error.description), 403

    @app.errorhandler(IndexDamaged)
    def damaged(error):
        # Searching cannot work until the index is rebuilt: say so, as JSON to API clients.
        if request.path.startswith(("/api/", "/export.")):
            return jsonify({"error": str(error)}), 503
        return render_template("error.html", title="The index is damaged",
                               message=str(error)), 503

    @app.errorhandler(400)
    def bad_request(error):
        return render_template("error.html", title="Bad request", message=error.description), 400

    return app
