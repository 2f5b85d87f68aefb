"""Text written to a terminal: an article's control characters are not passed through.

An article body holding `\\x1b[2J` cleared the screen of whoever ran `archive show`, and
`\\x1b]0;title\\x07` set their window's title. Every control character but newline and tab
(C0, DEL and C1, which include ESC and the 8-bit CSI) is dropped before printing.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Return the text without control characters other than newline and tab."""
    return _CONTROL.sub("", text)
