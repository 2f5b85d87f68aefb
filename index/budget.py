"""What one search may cost: limits on the query kinds whose work grows with the archive.

A word, a phrase or a filter costs what its postings hold. A wildcard, a fuzzy term or a
range of words stands for every word of the lexicon it matches, and Whoosh matched each
of them one document at a time: `trump~9` ran for minutes, `*e*` (16,000 words) for 24 s,
`[a TO]` (every word) for 44 s. Here each such part is checked and expanded once, up to a
limit, into the words it stands for (`bound`); the result is an OR of plain terms, which
the index reads as arrays (and ranks with BM25F). A part over a limit raises OverBudget,
whose message says what to change. Each search also has a deadline (`deadline`), checked
between and inside its steps, and heavy searches (those with expansions) run a few at a
time (`take_heavy_slot`), so a burst of them cannot take every thread of the web server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from index.errors import OverBudget, TooSlow

MAX_QUERY_CHARS = 1000
MAX_TERMS = 100  # distinct words, phrases and patterns in one query
MAX_FUZZY_DISTANCE = 2
FUZZY_PREFIX = 1  # letters a fuzzy term keeps as written (0: the whole lexicon is searched)
MAX_FUZZY_WORD = 40  # longer words are not looked up fuzzily (the automaton grows with them)
WILDCARD_PREFIX = 1  # letters before a wildcard's first * or ?
MAX_EXPANSION = 500  # words that all the wildcards, fuzzy terms and ranges of a query stand for
MAX_SCAN = 20_000  # words of the lexicon a pattern may look at to find them
MAX_SUGGESTED_WORDS = 5  # misspelt words of one query looked up for "did you mean"
MAX_FILTER_VALUES = 50  # values of one facet in one request
DEADLINE = 5.0  # seconds a search may run
HEAVY_AT_ONCE = 1  # searches with expansions running at once in one process
CHECK_EVERY = 4096  # matches between two looks at the clock in long loops
YIELD_EVERY = 0.0005  # seconds a heavy search runs before it lets the other threads run



# -- the deadline ------------------------------------------------------------------

_local = threading.local()


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """Give the search run in this block (in this thread) `seconds` to finish.

    A heavy slot taken inside the block (see `take_heavy_slot`) is given back at its end.
    """
    outer, held = getattr(_local, "until", None), getattr(_local, "heavy", False)
    until = time.monotonic() + (DEADLINE if seconds is None else seconds)
    _local.until = until if outer is None else min(outer, until)
    _local.heavy = held
    try:
        yield
    finally:
        if _local.heavy and not held:
            _heavy.release()
        _local.until, _local.heavy = outer, held


def check() -> None:
    """Raise TooSlow if this thread's search has run past its deadline.

    A heavy search also lets the other threads run here: its many small array operations
    would otherwise hold the interpreter for most of each switch interval, and a plain search
    beside it waited for each.
    """
    now = time.monotonic()
    if getattr(_local, "heavy", False) and now - getattr(_local, "yielded", 0.0) > YIELD_EVERY:
        time.sleep(0)
        _local.yielded = now
    until = getattr(_local, "until", None)
    if until is not None and now > until:
        raise TooSlow(
            "the search took too long and was stopped: make it narrower (more words, fewer "
            "wildcards or fuzzy terms, a filter) and try again"
        )


def remaining() -> float:
    until = getattr(_local, "until", None)
    return DEADLINE if until is None else max(0.0, until - time.monotonic())


_heavy = threading.BoundedSemaphore(HEAVY_AT_ONCE)


class RunElsewhere(Exception):
    """Raised where a heavy search takes its slot, inside `elsewhere()`: the caller hands the
    whole search to its worker process (index/worker.py) instead."""


@contextmanager
def elsewhere() -> Iterator[None]:
    """In this block, a search that turns out heavy raises RunElsewhere instead of running."""
    outer = getattr(_local, "elsewhere", False)
    _local.elsewhere = True
    try:
        yield
    finally:
        _local.elsewhere = outer


def take_heavy_slot() -> None:
    """Wait (within the deadline) until fewer than HEAVY_AT_ONCE heavy searches run, and
    count this one among them until its deadline block ends. Outside one, do nothing.
    Inside `elsewhere()`, raise RunElsewhere."""
    if getattr(_local, "until", None) is None or _local.heavy:
        return
    if getattr(_local, "elsewhere", False):
        raise RunElsewhere
    if not _heavy.acquire(timeout=remaining()):
        raise TooSlow(
            "the archive is busy with other wildcard and fuzzy searches: try again in a "
            "moment, or search for whole words"
        )
    _local.heavy = True


# -- the request and the query -------------------------------------------------------


def check_request(request) -> None:
    """Raise OverBudget if a request's text or filters are larger than a search allows."""
    if len(request.q) > MAX_QUERY_CHARS:
        raise OverBudget(
            f"the query is {len(request.q):,} characters long: at most {MAX_QUERY_CHARS:,}"
        )
    for name, values in (("person", request.people), ("outlet", request.outlets),
                         ("mentioned", request.mentioned)):
        if len(values) > MAX_FILTER_VALUES:
            raise OverBudget(
                f"{len(values)} {name} filters: choose at most {MAX_FILTER_VALUES}"
            )
