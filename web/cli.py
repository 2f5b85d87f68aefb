"""The `archive` command: ingest articles, search them, look at them, serve them."""

from __future__ import annotations

import errno
import html
import importlib
import json
import os
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path

import click

from archive import layout
from archive.errors import ArchiveError, Busy, DiskFull, NotFound
from archive.progress import (
    ReadingCounted,
    files_then_documents,
    list_files,
    on_terminal,
    progress,
)
from archive.registry import explain
from archive.store import Store
from archive.terminal import clean
from index.errors import IndexDamaged, QueryError
from web import cli_support

DEFAULT_DATA = "./archive-data"
INDEX_EVERY = 2000  # articles stored between index syncs during a long ingest
STORE_FILE = layout.STORE
CREATES_DATA = {"ingest", "watch"}  # the commands that may start an archive in a new folder


class UsageProblem(click.ClickException):
    """A request the archive cannot run as asked (exit status 2), with a hint."""

    exit_code = 2


def open_store(data: Path) -> Store:
    return Store(data / STORE_FILE)


def emit_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


# Command groups imported only when asked for, so that `archive search` loads less.
LAZY_GROUPS = {"alerts": "web.cli_alerts:alerts_group",
               "entities": "web.cli_entities:entities_group"}


class ArchiveGroup(click.Group):
    """The command group: imports the LAZY_GROUPS when they are used, notes whether the
    command line asks for --help, and says a damaged index or a full disk in one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_GROUPS})

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_GROUPS:
            module, _, attr = LAZY_GROUPS[name].partition(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta["asks_help"] = "--help" in rest
        return name, command, rest

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (IndexDamaged, DiskFull) as exc:
            raise click.ClickException(str(exc)) from None
        except (OSError, sqlite3.OperationalError) as exc:
            if not disk_full(exc):
                raise
            data = (ctx.obj or {}).get("data", DEFAULT_DATA)
            raise click.ClickException(
                f"the disk holding {data} is full: free some space and run the command again "
                "(what was already committed is kept; the rest was not written)"
            ) from None


def disk_full(exc: BaseException) -> bool:
    """Tell whether an error says the disk is full (SQLite's words, or the OS's errno)."""
    if isinstance(exc, sqlite3.OperationalError):
        return "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


@click.group(cls=ArchiveGroup)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWS_ARCHIVE_DATA",
    default=DEFAULT_DATA,
    show_default=True,
    help="Folder of the article store and index (or set NEWS_ARCHIVE_DATA).",
)
@click.version_option(package_name="news-archive")
@click.pass_context
def cli(ctx: click.Context, data: Path) -> None:
    """A searchable archive of news articles, with people, outlets and dates as facets."""
    ctx.ensure_object(dict)
    ctx.obj["data"] = data
    if ctx.invoked_subcommand not in CREATES_DATA and not asks_help(ctx) and not data.is_dir():
        raise UsageProblem(
            f"no archive in {data}: the folder does not exist; check --data "
            f"(or NEWS_ARCHIVE_DATA), or create it with `archive --data {data} ingest FILES`"
        )


def asks_help(ctx: click.Context) -> bool:
    return ctx.resilient_parsing or ctx.meta.get("asks_help", False)


def warn(error: ArchiveError) -> None:
    click.echo(clean(f"error: {error}"), err=True)


def caution(note: ArchiveError) -> None:
    click.echo(clean(f"warning: {note}"), err=True)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--include", multiple=True, metavar="GLOB",
              help="In folders, read only files matching GLOB (repeatable), e.g. '*.jsonl'.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="In folders, skip files and folders matching GLOB (repeatable), e.g. 'drafts'.")
@click.option("--format", "stdin_format", default="text", show_default=True,
              type=click.Choice(["text", "html", "json", "jsonl", "csv"]),
              help="Format of standard input, given as '-'.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--wait", type=click.FloatRange(0), default=300, show_default=True,
    help="Seconds to wait for another ingest into the same archive to finish.",
)
@click.option(
    "--workers", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="cores",
    help="Processes extracting people, outlets and dates in parallel.",
)
@click.pass_obj
def ingest_cmd(obj: dict, paths: tuple[Path, ...], include, exclude, stdin_format: str,
               as_json: bool, wait: float, workers: int) -> None:
    """Add the articles in files and folders (recursively) to the archive, then index them.

    Reads plain text and Markdown (title on the first line), HTML pages, and JSON,
    JSON Lines and CSV exports; `-` reads standard input (see --format).

    Articles already in the archive are left as they are; an edited file updates
    its article. A file that cannot be read is reported and the rest go on.
    """
    from archive.extract import Corrections  # not loaded by `archive search`
    from archive.ingest import ingest

    started = time.perf_counter()
    try:
        with cli_support.write_lock(obj["data"], wait), open_store(obj["data"]) as store:
            stored_then, indexed = 0, 0

            def index_now_and_then(report) -> None:
                # Index as we go, while the workers extract what comes next.
                nonlocal stored_then, indexed
                if report.new + report.updated - stored_then >= INDEX_EVERY:
                    indexed += cli_support.sync_index(store, obj["data"]).added
                    stored_then = report.new + report.updated

            files = list_files(paths, include, exclude)
            with progress("Ingesting", len(files), "articles", on_terminal(as_json)) as shown:
                docs = files_then_documents(files, stdin_format, shown)
                report = ingest(store, docs, Corrections.load(obj["data"]), on_error=warn,
                                on_incomplete=caution, on_commit=index_now_and_then,
                                workers=workers)
            synced = cli_support.sync_index(store, obj["data"])
            synced.added += indexed
    except Busy as exc:
        raise click.ClickException(str(exc)) from None
    seconds = time.perf_counter() - started
    if as_json:
        emit_json({**report.to_dict(), "indexed": synced.added, "seconds": round(seconds, 3)})
    else:
        click.echo(f"{report.summary()} ({seconds:.2f} s); {synced.added} indexed")
    if report.failed:
        sys.exit(1)


def filter_options(command):
    """The filters and sort a search and an export share, as click options."""
    from index import kinds

    for option in reversed([
        *(click.option(f"--{kind.param}", kind.attr, multiple=True, help=kind.help)
          for kind in kinds.NAMES),
        click.option("--from", "date_from",
                     help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--to", "date_to",
                     help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]),
                     default="relevance", show_default=True),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("query", required=False, default="")
@filter_options
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--collapse", is_flag=True, help="Show one article of each near-duplicate group.")
@click.option("--exact", is_flag=True,
              help="Search for QUERY as typed, even when a corrected spelling would find more.")
@click.option("--facet-limit", type=click.IntRange(1, 100_000), default=15, show_default=True,
              help="Values shown of each people and outlet facet.")
@click.option("--json", "as_json", is_flag=True, help="Print results and facets as JSON.")
@click.pass_obj
def search(obj: dict, query: str, people, outlets, publishers, cites, date_from, date_to, sort,
           limit, page, collapse: bool, exact: bool, facet_limit: int, as_json: bool) -> None:
    """Search the archive. QUERY uses Whoosh syntax: AND OR NOT, "phrases", title:word,
    person:"Kim Kardashian", outlet:TMZ, wildcards (divor*), fuzzy (divorse~).

    -word and -"a phrase" leave out the articles that have them; a QUERY that starts with -
    goes after --: archive search -- -trump putin. An empty QUERY (or *) matches every
    article, to browse by facets.
    """
    from index.searching import Searcher, SearchRequest

    try:
        request = SearchRequest(
            q=query, people=people, outlets=outlets, publishers=publishers, cites=cites,
            date_from=date_from, date_to=date_to,
            sort=sort, page=page, per_page=limit, collapse=collapse, exact=exact,
            facet_limit=facet_limit,
        )
        with open_store(obj["data"]) as store, \
                Searcher(obj["data"], store.bodies, store.mention_spans) as searcher:
            result = searcher.search(request)
    except QueryError as exc:
        raise UsageProblem(str(exc)) from None
    if as_json:
        emit_json(result.to_dict())
        return
    print_results(result)


@cli.command("export")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("--limit", type=click.IntRange(1), help="At most this many rows (default: all).")
@click.pass_obj
def export_cmd(obj: dict, query: str, people, outlets, publishers, cites, date_from, date_to,
               sort: str, fmt: str, limit: int | None) -> None:
    """Write every article matching QUERY (and the filters) to standard output, one row each:
    id, title, published, url, publisher, cites, people, snippet. Streamed: memory stays
    flat however many rows there are."""
    from index import export
    from index.searching import Searcher, SearchRequest

    try:
        request = SearchRequest(q=query, people=people, outlets=outlets, publishers=publishers,
                                cites=cites, date_from=date_from, date_to=date_to, sort=sort,
                                facets=False)
        with open_store(obj["data"]) as store, \
                Searcher(obj["data"], store.bodies, store.mention_spans) as searcher:
            for text in export.WRITERS[fmt](export.rows(searcher, request, store.urls, limit)):
                click.echo(text, nl=False)
    except QueryError as exc:
        raise UsageProblem(str(exc)) from None


def terminal_html(fragment: str) -> str:
    """Turn a highlighted HTML snippet into terminal text with the matches in bold."""
    parts = re.split(r"(<mark[^>]*>.*?</mark>)", fragment)
    out = []
    for part in parts:
        if part.startswith("<mark"):
            inner = re.sub(r"<[^>]+>", "", part)
            out.append(click.style(clean(html.unescape(inner)), bold=True, fg="yellow"))
        else:
            out.append(clean(html.unescape(part)))
    return "".join(out).replace("\n", " ")


def print_results(result) -> None:
    r = result.request
    if result.total == 0:
        click.echo(f"No articles match {r.q!r}." if r.q else "No articles match.")
    else:
        first = (r.page - 1) * r.per_page + 1
        last = first + len(result.hits) - 1
        shown = f"{first}-{last} of " if result.hits else "page past the end; "
        click.echo(f"{shown}{result.total} article{'s' * (result.total != 1)}")
    if result.corrected_from:
        click.echo(f"Showing results for: {r.q} (nothing matches {result.corrected_from!r}; "
                   "--exact searches for it as typed)")
    if r.q and result.understood and result.understood != r.q:
        click.echo(f"Searched for: {result.understood}")
    if result.operators:
        click.echo(f"Did you mean: {result.operators} (and, or, not in lowercase are words)")
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for n, hit in enumerate(result.hits, (r.page - 1) * r.per_page + 1):
        click.echo()
        click.echo(click.style(f"{n}. {clean(hit.title)}", bold=True))
        meta = [hit.published.isoformat() if hit.published else "undated", clean(hit.source),
                hit.id]
        if hit.duplicates:
            meta.append(f"{hit.duplicates} near-duplicate{'s' * (hit.duplicates != 1)}")
        click.echo("   " + " · ".join(meta))
        if hit.people:
            click.echo("   People: " + clean(", ".join(hit.people)))
        if hit.publisher:
            click.echo("   Published by: " + clean(hit.publisher))
        if hit.cites:
            click.echo("   Cites: " + clean(", ".join(hit.cites)))
        click.echo("   " + terminal_html(hit.snippet))
    from index import kinds

    facet_lines = [
        f"  {kind.label}: " + ", ".join(f"{v.value} ({v.count})" for v in result.facets[kind.name])
        for kind in kinds.FACETS
        if kind.summary and result.facets.get(kind.name)
    ]
    if facet_lines:
        click.echo()
        click.echo("Facets")
        for line in facet_lines:
            click.echo(line)


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article and its entities as JSON.")
@click.pass_obj
def show(obj: dict, article_id: str, as_json: bool) -> None:
    """Show one article: its text, and the people, outlets and dates found in it."""
    try:
        with open_store(obj["data"]) as store:
            article = store.get(article_id)
            also = store.group_members(article_id)
            resolved = {m["form"]: m for m in store.registry.mentions(article_id)}
    except NotFound as exc:
        raise click.ClickException(f"{exc}; `archive search` lists article ids") from None
    if as_json:
        emit_json({**article.to_dict(), "resolved": list(resolved.values()),
                   "also_published_as": [a.to_dict(body=False) for a in also]})
        return
    click.echo(click.style(clean(article.title), bold=True))
    meta = [
        article.published.isoformat() if article.published else "undated",
        article.outlet or "",
        article.source,
        article.id,
    ]
    click.echo(clean(" · ".join(m for m in meta if m)))
    click.echo()
    click.echo(clean(article.body))
    click.echo()
    for kind, label in (("person", "People"), ("outlet", "Outlets"), ("date", "Dates")):
        found = [e for e in article.entities if e.type == kind]
        if not found:
            continue
        click.echo(f"{label}:")
        by_value: dict[str, list] = {}
        for e in found:
            name = resolved[e.value]["canonical"] if kind == "person" and e.value in resolved \
                else e.value
            by_value.setdefault(name, []).append(e)
        for value, evidence in by_value.items():
            if not value:
                continue  # ignored by a correction
            where = ", ".join(
                f'"{e.text}" at {e.start}' if e.start >= 0 else f'"{e.text}" (title/metadata)'
                for e in evidence[:5]
            )
            more = f" and {len(evidence) - 5} more" if len(evidence) > 5 else ""
            click.echo(clean(f"  {value}: {where}{more}"))
            if kind == "person":
                for form in dict.fromkeys(e.value for e in evidence):
                    if form in resolved and (why := explain(resolved[form])):
                        click.echo(clean(f"    ({why})"))
    if also:
        click.echo("Also published as:")
        for other in also:
            click.echo(clean(f"  {other.title} · {other.source} · {other.id}"))


@cli.command()
@click.argument("article_ids", nargs=-1, required=True)
@click.pass_obj
def remove(obj: dict, article_ids: tuple[str, ...]) -> None:
    """Remove articles from the archive (store and index) by id."""
    missing = []
    with cli_support.write_lock(obj["data"], 300), open_store(obj["data"]) as store:
        with store.transaction():
            for article_id in article_ids:
                try:
                    store.delete(article_id)
                except NotFound as exc:
                    missing.append(article_id)
                    warn(exc)
        synced = cli_support.sync_index(store, obj["data"])
    removed = len(article_ids) - len(missing)
    click.echo(f"{removed} removed; {synced.deleted} removed from the index")
    if missing:
        sys.exit(1)


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--interval", type=click.FloatRange(0.1), default=1.0, show_default=True,
    help="Seconds between looks at the folders.",
)
@click.pass_obj
def watch(obj: dict, folders: tuple[Path, ...], interval: float) -> None:
    """Ingest files added to (or changed in) folders as they appear, until Ctrl-C.

    Files already there are ingested first. Removing a file does not remove its article.
    SIGTERM stops it as Ctrl-C does, after the batch being ingested.
    """
    from archive.watch import FolderWatcher, StopSignals

    watcher = FolderWatcher(folders)
    click.echo(f"Watching {', '.join(map(str, folders))} (Ctrl-C stops)")
    try:
        with StopSignals() as stop:
            watch_until(stop, watcher, obj["data"], interval)
    except KeyboardInterrupt:
        pass
    click.echo("Stopped.")


def watch_until(stop, watcher, data: Path, interval: float) -> None:
    from archive.extract import Corrections
    from archive.ingest import ingest
    from archive.readers import read_file

    while not stop.stopping:
        ready = watcher.look()
        if ready:
            with cli_support.write_lock(data, 300), open_store(data) as store:
                docs = (d for path in ready for d in read_file(path))
                report = ingest(store, docs, Corrections.load(data), on_error=warn,
                                on_incomplete=caution)
                synced = cli_support.sync_index(store, data)
            stamp = time.strftime("%H:%M:%S")
            click.echo(f"{stamp} {report.summary()}; {synced.added} indexed")
        stop.sleep(interval)


@cli.command()
@click.option("--full", is_flag=True, help="Rebuild the whole index from the store.")
@click.option(
    "--wait", type=click.FloatRange(0), default=300, show_default=True,
    help="Seconds to wait for another process writing to the archive to finish.",
)
@click.pass_obj
def reindex(obj: dict, full: bool, wait: float) -> None:
    """Bring the search index up to date with the store (only what changed, or --full)."""
    try:
        # One writer at a time: an ingest waits for the rebuild, and the rebuild for it.
        with cli_support.write_lock(obj["data"], wait), open_store(obj["data"]) as store:
            show = full and on_terminal()
            with progress("Reindexing", store.count() if show else 0, "articles", show) as shown:
                source = ReadingCounted(store, shown) if show else store
                report = cli_support.sync_index(source, obj["data"], full=full)
    except Busy as exc:
        raise click.ClickException(f"{exc}; try again when it has finished") from None
    kind = "rebuilt" if report.full else "updated"
    if report.reason:
        kind += f" ({report.reason})"
    click.echo(
        f"index {kind}: {report.added} indexed, {report.deleted} removed "
        f"({report.seconds:.2f} s)"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def stats(obj: dict, as_json: bool) -> None:
    """Show how many articles, people and outlets the archive holds."""
    from index.searching import doc_count

    with open_store(obj["data"]) as store:
        figures = {
            "articles": store.count(),
            "people": store.distinct_values("people"),
            "outlets": store.distinct_values("outlets"),
            "index_docs": doc_count(obj["data"]),
            "data": str(obj["data"]),
        }
    if as_json:
        emit_json(figures)
        return
    for key, value in figures.items():
        click.echo(f"{key.replace('_', ' ')}: {value}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--edit", is_flag=True,
              help="Let the pages change the archive: follow a search, merge or ignore a person.")
@click.option("--allow-remote-edit", is_flag=True,
              help="Allow --edit on a host other than this machine's loopback address.")
@click.pass_obj
def serve(obj: dict, host: str, port: int, edit: bool, allow_remote_edit: bool) -> None:
    """Serve the archive's search pages in the browser (on a production WSGI server).

    Read-only unless --edit; --edit is for 127.0.0.1 only unless --allow-remote-edit. With
    --edit, a search can be followed and a person merged or ignored from their page (POST
    forms with a token), from this machine only unless --allow-remote-edit is given too.
    """
    import waitress

    from web import create_app

    if edit and not allow_remote_edit and not is_loopback(host):
        raise UsageProblem(
            f"--edit on {host} would let anyone who can reach it change the archive; "
            "serve on 127.0.0.1, or add --allow-remote-edit")
    app = create_app({"DATA_DIR": str(obj["data"]), "EDIT": edit,
                      "EDIT_REMOTE": allow_remote_edit})
    from index.worker import HeavyWorker
    from web.db import HEAVY

    # Wildcard, fuzzy and range searches run in a worker process (started at the first):
    # they no longer share this process's interpreter with the plain ones.
    heavy = app.extensions[HEAVY] = HeavyWorker(obj["data"])
    try:
        # Searches run within a deadline and heavy ones a few at a time (index/budget.py), so
        # with more threads than heavy slots plain searches keep being answered.
        server = waitress.create_server(app, host=host, port=port, threads=8)
    except OSError as exc:
        raise click.ClickException(
            f"cannot serve on {host} port {port} ({exc.strerror}); "
            "another program may be using it: choose another with --port"
        ) from None
    click.echo(f"Serving the archive in {obj['data']} at http://{host}:{port}/ (Ctrl-C stops)")
    # A heavy search in one thread hands the interpreter to the others every millisecond
    # (not every 5): plain searches wait less behind it.
    sys.setswitchinterval(0.001)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)  # as Ctrl-C: the worker process is stopped too
    try:
        server.run()
    finally:
        heavy.close()


def is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False




def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
