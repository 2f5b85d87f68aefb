"""Where indexes written before the Whoosh backend moved to `index/whoosh_backend/` find
their field classes: their pickled table of contents names `index.schema.FastText` and
`index.schema.ListKeyword`. Nothing else should import this module."""

from index.whoosh_backend.schema import FastText, ListKeyword  # noqa: F401
