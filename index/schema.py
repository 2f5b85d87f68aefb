"""Where indexes written before the Whoosh backend moved to `index/whoosh_backend/` find
their field classes and analysers: their pickled table of contents names
`index.schema.FastText`, `index.schema.english_stem` and the like. This module is that one
under its old name. Nothing else should import it."""

import sys

from index.whoosh_backend import schema

sys.modules[__name__] = schema
