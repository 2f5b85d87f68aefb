"""Tell a damaged index from an empty one, and name it: "run `archive reindex --full`".

A truncated `.toc`, a deleted `.pst` or a garbled `.trm` surfaced as Whoosh's, NumPy's or
the OS's own exceptions (tracebacks in the CLI, a 500 on every page); a deleted `index` link
or generation folder, or a `.toc` gone, made every search find nothing while the store held
every article. The errors reading a damaged index raises are turned into IndexDamaged here,
and a live index is checked once when it is opened: its files are there, and when it is in
step with the store it holds as many articles as the store does.
"""

from __future__ import annotations

import errno
import gc
import pickle
import sqlite3
import struct
import traceback
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from archive import layout
from archive.errors import ArchiveError, DiskFull
from index.errors import IndexDamaged

# What reading damaged index files raises. OSError includes a missing file; the others come
# from decoding bytes that are not what Whoosh wrote.
DAMAGE = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, ValueError,
          KeyError, IndexError, whoosh_index.IndexError)



@contextmanager
def reading(what: str = "", on_damage: Callable[[], None] | None = None) -> Iterator[None]:
    """Turn the errors a damaged index raises inside the block into IndexDamaged; call
    `on_damage` first (to close what was opened)."""
    error: ArchiveError | None = None
    try:
        yield
    except IndexDamaged:
        if on_damage is not None:
            _quietly(on_damage)
        raise
    except ArchiveError:
        raise
    except DAMAGE as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            error = DiskFull(f"the disk is full: free some space where {exc.filename or what} "
                             "is, then run the command again")
        else:
            error = IndexDamaged(_detail(exc, what))
        # Whoosh leaves the files it was reading open when one of them is damaged: close them
        # now, quietly, rather than let them warn whenever they are collected.
        if exc.__traceback__ is not None:
            tb = exc.__traceback__
            _quietly(lambda: traceback.clear_frames(tb.tb_next or tb))
        if on_damage is not None:
            _quietly(on_damage)
    if error is not None:
        raise error  # out here it keeps no traceback holding those files


def _quietly(close: Callable[[], None]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            close()
        except DAMAGE:
            pass  # a damaged file may fail to close too
        gc.collect()


def _detail(exc: BaseException, what: str) -> str:
    if isinstance(exc, FileNotFoundError) and exc.filename:
        text = f"{Path(exc.filename).name} is missing"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{what}: {text}" if what else text


def check_present(data_dir: Path) -> None:
    """Raise IndexDamaged if the archive had an index whose link, folder or table of contents
    is gone (an archive never indexed has none of them: that is not damage)."""
    link = layout.index_link(data_dir)
    gens = layout.generations(data_dir)
    if link.is_symlink() and not link.exists():
        raise IndexDamaged(f"{link} points to a folder that is gone")
    if not link.exists():
        # A finished generation has its synced.json (a first rebuild still running has none).
        if gens.is_dir() and any((p / "synced.json").exists() for p in gens.iterdir()):
            raise IndexDamaged(f"the link {link} is gone")
        return
    if not whoosh_index.exists_in(link.resolve()):
        raise IndexDamaged(f"{link.resolve().name} has no table of contents (.toc)")


def check_in_step(data_dir: Path, index_docs: int, synced: int) -> None:
    """Raise IndexDamaged if the index is synced to the store's last change but holds another
    number of articles (a doubled or lost entry)."""
    path = layout.store(data_dir)
    if not path.exists():
        return
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return
    try:
        last = db.execute("SELECT MAX(seq) FROM changes").fetchone()[0] or 0
        stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return  # a store still being created: nothing to compare yet
    finally:
        db.close()
    if last == synced and stored != index_docs:
        raise IndexDamaged(
            f"it holds {index_docs:,} entries for the {stored:,} articles stored"
        )

