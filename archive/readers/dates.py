"""Parse the publication dates found in exports and pages, whatever their format."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

# 2017-01-05, 2017/2/7, 2017.02.07, optionally followed by a time ("2016/12/30 7:11").
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ]\d)")
_MAX_LENGTH = 80


def parse_date(value: object) -> date | None:
    """Return the date a value names (ISO 8601, RFC 2822, "2017/2/7 7:11", "5 January 2017"...).

    Return None for an empty or unreadable value: a record with a date that cannot
    be read is still an article, just an undated one.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_LENGTH:
        return None
    m = _YMD.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _dateparser(text)


def _dateparser(text: str) -> date | None:
    # Written-out dates ("5 January 2017", "Jan 5, 2017"); only if there is a year
    # and a letter, so that bare numbers are not read as today's month and day.
    if not re.search(r"\d{4}", text) or not re.search(r"[^\W\d_]", text):
        return None
    import dateparser

    try:
        found = dateparser.parse(
            text,
            languages=["en"],
            settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"},
        )
    except (ValueError, TypeError, OverflowError, AssertionError, LookupError):
        return None
    return found.date() if found else None
