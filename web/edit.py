"""Corrections from the browser: merge or ignore a person from their page.

Only when the server was started with `archive serve --edit` (config EDIT). Each change is a
POST form carrying the token only this server's pages hold (web/following.py), so another site
cannot make a visitor's browser post one. Requests from other machines are
refused unless the server was started with `--allow-remote-edit` (config EDIT_REMOTE).
"""

from __future__ import annotations

import ipaddress

from flask import Blueprint, abort, current_app, redirect, request, url_for

from archive.extract import Corrections
from web.db import data_dir
from web.following import check_edit
from web.views import entity_url

bp = Blueprint("edit", __name__)


def enabled() -> bool:
    return bool(current_app.config.get("EDIT"))


@bp.app_context_processor
def edit_context() -> dict:
    return {"edit_enabled": enabled()}


def _loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def _check() -> None:
    if not enabled():
        abort(404, "Editing is off: start the server with `archive serve --edit`.")
    if not _loopback(request.remote_addr) and not current_app.config.get("EDIT_REMOTE"):
        abort(403, "Corrections are accepted only from this machine "
                   "(`archive serve --edit --allow-remote-edit` accepts them from others).")
    check_edit()  # the form's token (web/following.py), shared by every change a page makes


def _correct(name: str, into: str) -> int:
    """Map a person through the registry (`into` '' ignores them) and reindex what changed."""
    from archive.entities import correct_person
    from index.searching import sync

    data = data_dir()
    return correct_person(data, name, into, then=lambda store: sync(store, data), wait=30)


@bp.post("/person/<path:name>/merge")
def merge(name: str):
    _check()
    into = (request.form.get("into") or "").strip()
    if not into or into == name:
        abort(400, "Name the person to merge into (a different name).")
    _correct(name, into)
    return redirect(entity_url("views.person", into), code=303)


@bp.post("/person/<path:name>/ignore")
def ignore(name: str):
    _check()
    corrections = Corrections.load(data_dir())
    corrections.ignored.add(name)
    corrections.save(data_dir())  # future ingests leave the name out too
    _correct(name, "")
    return redirect(url_for("views.search"), code=303)
