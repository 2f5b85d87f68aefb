"""Rank the matching articles with NumPy: BM25F as Whoosh computes it, or by date.

Whoosh scores matches one at a time through Python matchers: an AND of two common
words cost 50 ms at 30,000 articles, mostly in `skip_to`. Here each query term's
postings are read a block at a time into arrays (as facet counting already does),
and every match's score is computed at once:

    score(doc) = sum over the query's terms t in doc of
                 boost(t) * idf(t) * w * (K1 + 1) / (w + K1 * (1 - B + B * len(doc) / avglen))

with Whoosh's own statistics (idf, average field length, the byte-rounded field
lengths it stores, the weights with field boosts; the people field's as the people overlay
has it, overlay.py), so the order is Whoosh's. Wildcards,
fuzzy terms and ranges of words come here expanded into their words (index/budget.py):
a fuzzy term as an OR of terms, a wildcard as a constant score. Query shapes whose
scoring differs return None and Whoosh ranks them.
"""

from __future__ import annotations

import math

import numpy as np
from whoosh import query

from index import budget
from index.whoosh_backend import matching, overlay, segments
from index.whoosh_backend.caches import IndexCaches
from index.whoosh_backend.query import GappedPhrase

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F's defaults, which the index uses


def scoring_terms(q: query.Query) -> list[tuple] | None:
    """Return (field, indexed text, boost, gate) for every term that scores, or None if some
    part of the query scores in a way this module does not reproduce.

    A phrase's words score only in the articles where the phrase itself is found in
    that field: the gate (None for a plain term).
    """
    if isinstance(q, query.Every):
        return []
    if type(q) is query.Term:
        return [(q.fieldname, q.text, q.boost, None)]
    if type(q) in (query.Phrase, GappedPhrase):
        return [(q.fieldname, w, q.boost, q) for w in q.words]
    if type(q) in (query.And, query.Or):
        out: list = []
        for sub in q.subqueries:
            terms = scoring_terms(sub)
            if terms is None:
                return None
            out += terms
        return out
    if type(q) is query.AndNot:
        return scoring_terms(q.a)
    if type(q) is query.ConstantScoreQuery:  # an expanded wildcard or range: its boost
        return [(None, None, q.score, q.child)]
    if q is query.NullQuery:
        return []
    if type(q) is query.Not:
        return [(None, None, q.boost, None)]  # Whoosh adds the NOT's boost to every match
    return None


def rank(c: IndexCaches, searcher, q: query.Query, matching_q: query.Query, sort: str, limit: int
         ) -> list[tuple[int, float | None]] | None:
    """Return the first `limit` (document number, score) of the articles matching
    `matching_q` (the query with its filters), ranked by `q`'s terms or by date.

    None when Whoosh must rank this query itself.
    """
    terms = scoring_terms(q) if sort == "relevance" else []
    if terms is None:
        return None
    if not searcher.doc_count_all():
        return []
    if sort == "relevance" and not terms:
        sort = "newest"
    stats = [(f, t, boost, gate, f and _idf(c, searcher, f, t),
              f and overlay.avg_length(c, searcher, f) or 1) for f, t, boost, gate in terms]
    keys, numbers = [], []
    for leaf, offset in segments.leaves_with_offsets(searcher):
        budget.check()
        docs = matching.docs_of(c, matching_q, leaf)
        if not len(docs):
            continue
        if sort == "relevance":
            key = _scores(c, leaf, docs, stats)
            if key is None:
                return None
        else:
            key = segments.days(c, leaf)[docs].astype(np.float64)
            key[key >= segments.NO_DATE] = -1 if sort == "newest" else segments.NO_DATE
        keys.append(key)
        numbers.append(docs.astype(np.int64) + offset)
    if not keys:
        return []
    key, number = np.concatenate(keys), np.concatenate(numbers)
    # Whoosh's order: the best first, ties by document number; "oldest" reverses the key.
    primary = key if sort == "oldest" else -key
    if limit < len(primary):
        # Only the best `limit` are sorted (sorting all of a common word's 50,000 matches
        # for a page of ten was most of its ranking): those at least as good as the
        # limit-th best, ties included, so the order among them is the same.
        kth = np.partition(primary, limit - 1)[limit - 1]
        best = np.flatnonzero(primary <= kth)
        key, number, primary = key[best], number[best], primary[best]
    tie = number if sort != "newest" else -number
    order = np.lexsort((tie, primary))[:limit]
    scored = sort == "relevance"
    return [(int(number[i]), float(key[i]) if scored else None) for i in order]


def _idf(c: IndexCaches, searcher, field: str, text) -> float:
    """Whoosh's idf (log(N / (df + 1)) + 1), the document frequency counted from the
    segments' postings arrays when they have them (Whoosh looks it up in every segment)."""
    df = segments.doc_frequency(c, searcher, field, text)
    if df is None:
        return searcher.idf(field, text)
    return math.log(searcher.doc_count_all() / (df + 1)) + 1


def _scores(c: IndexCaches, leaf, docs: np.ndarray, stats: list) -> np.ndarray | None:
    """The matching documents' scores in one segment; None if a term's postings cannot be read
    as arrays."""
    scores = np.zeros(len(docs), dtype=np.float64)
    for field, text, boost, gate, idf, avgfl in stats:
        budget.check()
        if field is None:
            if gate is None:
                scores += boost
            else:
                scores[np.isin(docs, matching.docs_of(c, gate, leaf), assume_unique=True)] += boost
            continue
        found = segments.postings(c, leaf, field, text)
        if found is None:
            return None
        if not len(found[0]):
            continue
        ids, weights = found
        at_docs, at_ids = _meeting(docs, ids)
        if gate is not None and len(at_docs):
            kept = _meeting(docs[at_docs], matching.docs_of(c, gate, leaf))[0]
            at_docs, at_ids = at_docs[kept], at_ids[kept]
        if not len(at_docs):
            continue
        common = docs[at_docs]
        w = weights[at_ids].astype(np.float64)
        length = segments.field_lengths(c, leaf, field)[common]
        scores[at_docs] += boost * idf * (w * (K1 + 1)) / (w + K1 * ((1 - B) + B * length / avgfl))
    return scores


def _meeting(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where two sorted arrays of distinct numbers hold the same numbers: (the places in a,
    the places in b). The smaller is looked up in the larger (np.intersect1d sorts both
    together: most of a common word's scoring)."""
    if not len(a) or not len(b):
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    if len(a) <= len(b):
        at = np.searchsorted(b, a)
        at[at == len(b)] = 0
        found = b[at] == a
        return np.flatnonzero(found), at[found]
    at = np.searchsorted(a, b)
    at[at == len(a)] = 0
    found = a[at] == b
    return at[found], np.flatnonzero(found)
