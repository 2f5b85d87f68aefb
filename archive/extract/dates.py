"""Dates the text mentions, at the precision it gives, a missing year taken from publication.

Regular expressions find explicit candidates ("early December", "March 31", "June, 2015",
"12/16/2016", "in 2009"), and each is normalised from its parts. Bare month names count only after
a word that makes them a date ("in May", not "may"), so modal verbs and names stay out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from archive.model import Entity

_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
          r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_LEAD = (r"(?i:in|on|of|for|since|until|till|by|from|during|through|throughout|before|after|"
         r"early|late|mid|mid-|last|next|this|that|between|and|or|to|around|as\s+of)")

_CANDIDATES = re.compile(
    rf"""
    (?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:(?:\s*[-–]\s*|\s+(?:and|&)\s+)(?P<d1b>{_DAY}))?
            (?:,?\s+(?P<y1>{_YEAR}))?\b)
    | (?P<dmy>(?<![\d-])(?P<d2>{_DAY})(?:(?:\s*[-–]\s*|\s+(?:and|&)\s+)(?P<d2b>{_DAY}))?
            (?:\s+|-)(?P<m2>{_MONTH})
            (?:,?\s+(?P<y2>{_YEAR}))?\b)
    | (?P<my>(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR})\b)
    | (?P<num>\b(?P<nm>1[0-2]|0?[1-9])/(?P<nd>[12]\d|3[01]|0?[1-9])/(?P<ny>{_YEAR})\b)
    | (?P<dotted>\b(?P<ed>[12]\d|3[01]|0[1-9])\.(?P<em>0[1-9]|1[0-2])\.(?P<ey>{_YEAR})\b)
    | (?P<iso>\b(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])\b)
    | (?P<bare>(?P<m4>{_MONTH})\b(?!\.?,?\s*\d))
    | (?P<year>(?<![\d,.$£€/])
                 (?:(?<=mid-)|(?<=\d{{4}}-)|(?<![\w]-))(?<!No\.\s)(?P<y5>{_YEAR})(?![\d]|s\b|,\d|\.\d|\s*%|\s\d))
    """,
    re.VERBOSE,
)
# The word that makes a bare month a date ("in May", "until the start of April"), just before it.
_LEAD_BEFORE = re.compile(
    rf"(?P<lead>\b{_LEAD})\s*(?:the\s+(?:start|beginning|end|middle)\s+of\s+|"
    r"the\s+month\s+of\s+)?$"
)
_PAST = re.compile(r"^\s*,?\s*(?:(?:of\s+)?last\s+year|the\s+year\s+before)\b", re.IGNORECASE)
# "between February and September 2014", "29 August and 19 September that year": the first
# date takes the year of the second.
_SHARED = re.compile(
    rf"\s*(?:(?:and|to|until|till|through|or|-|–)\s+(?:{_DAY}\s+)?{_MONTH}(?:\s+{_DAY})?)?"
    rf"(?:,?\s+(?P<year>{_YEAR})\b|\s*,?\s+(?:of\s+)?(?P<that>that\s+year)\b)", re.IGNORECASE)
_A_YEAR = re.compile(rf"\b{_YEAR}\b")
_THE_MONTH = re.compile(r"\b(?:[Tt]he|an?|An?)\s+$")
# "the January emergency rule"; with a name between, a record or an event: "a February
# TechCrunch report", "a December IPSOS survey" (not "a March Madness game")
_NOUN_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+|(?:[A-Z][\w-]{0,30}\s+){1,3}(?=(?:report|survey|poll|article|post|story|"
    r"interview|statement|study|letter|meeting|summit|election|vote|referendum|visit|speech|"
    r"tweet|broadcast|episode|issue|edition|announcement|ruling|attack|raid)\b))?([a-z]{3,})\b")
_NOT_A_NOUN = frozenset("and for the was were has had have with that who which from into onto "
                        "but its his her their our this than then".split())
_NEXT = re.compile(r"^\s*,?\s*(?:of\s+)?next\s+year\b", re.IGNORECASE)  # "by January of next year"
_FUTURE = re.compile(
    # "has decided to hold the election on May 9" (not "had agreed to"): an intention
    r"\b(?:(?<!had\s)(?<!had\spreviously\s)"
    r"(?:decided|decides|agreed|agrees|voted|promised|pledged|vowed)\s+to|"
    r"will|'ll|would|next|upcoming|scheduled|set\s+(?:for|to)|due|expected|expects|plans?|likely|"
    r"planned|to\s+(?:run|stand|compete|contest|face|host|hold|take\s+office)|to\s+be\s+held|is\s+to|are\s+to|going\s+to|later\s+this)\b|(?:until|till)$",
    re.IGNORECASE,
)
# The past tense, regular or one of the common irregular forms ("since he took office in June").
# A month that dates what something is ahead of: "ahead of the elections in April".
_AHEAD_OF = re.compile(r"\b[Aa]head\s+of\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}$")
_PAST_VERB = re.compile(r"\b(?:[Ww]as|[Ww]ere|[Hh]ad|[Dd]id|said|[a-z]{3,}ed|took|came|went|began|"
                        r"won|gave|saw|met|became|ran|fell|rose|sent|wrote|broke|brought|bought|"
                        r"chose|grew|knew|threw|sang|spoke|stood|struck|fought|sold|paid)\b")
_WAS = re.compile(r"\b(?:was|were|had\s+been)\s+$", re.IGNORECASE)
_STRONG_PAST = re.compile(r"\b(?:[Ww]as|[Ww]ere|[Hh]ad|[Dd]id)\b")
# "to be phased out", "is referred to", "the democratically elected president": a participle
# or an adjective, not the past tense.
# "has pulled out of" a festival in April: the present perfect names no past time (English
# does not say "has sung last April"), so the month ahead is this year's.
_NOT_PAST = re.compile(r"\b(?:be|been|being|to|will|would|could|should|must|can|might|is|are|"
                       r"am|the|a|an|its|his|her|their|our|this|that|has|hasn't|haven't|"
                       r"(?<!would\s)(?<!could\s)(?<!should\s)(?<!might\s)(?<!must\s)have)"
                       r"\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_STORY = 400  # characters after a full date within which a day of its month shares its year
_SOON = timedelta(days=14)  # a dateline, or "on Friday, March 31": days away, not a year ago
_NEAR = timedelta(days=75)  # weeks ahead: this year's, unless the clause speaks of the past
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s$")
_NOT_A_NAME = frozenset(
    "in on of since until till by from during through before after early late mid and or to "
    "the a summer spring autumn fall winter around about circa year years season class day "
    # sentence-initial words before a year: "Between 2009 and 2015", "Her 2010 single"
    "between over under within throughout his her its their our my your these those every "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_EVENTS = frozenset("awards award championship championships cup games olympics festival "
                    "election elections summit expo conference congress census marathon "
                    "oscars grammys emmys".split())
_MAY_AND_NAME = re.compile(rf"\s+(?:and|or)\s+(?!{_MONTH}\b)[A-Z]")
_MONTH_BEFORE = re.compile(rf"\b{_MONTH},?\s*$")
_MAY_VERB = re.compile(r"\s+(?:has|is|was|had|will|would|said|says|told|(?!this\b)[a-z]{3,}s)\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?:\s|$|-{2,})")
_KINDS = ("mdy", "dmy", "my", "num", "dotted", "iso", "bare", "year")
# A clock time in four digits: "until 9 p.m. (2000 GMT)", "at 1400 local time".
_CLOCK = re.compile(r"\s*(?:GMT|UTC|CET|EST|EDT|PST|PDT|local\s+time|Moscow\s+time|hours|hrs)\b")
# A model year names a product, not a time: "the 2012-2015 Ford Focus", "from the 2014 model
# year", "the 2013 and 2014 Fusion midsize car". In a text with one, "the 2014 Fiesta" is one too.
_MAKES = ("Ford|Chevrolet|Chevy|Toyota|Honda|Nissan|BMW|Audi|Volkswagen|VW|Mercedes|Hyundai|Kia|"
          "Jeep|Dodge|Chrysler|Tesla|Subaru|Mazda|Volvo|Lexus|Buick|Cadillac|GMC|Porsche|Fiat|"
          "Peugeot|Renault|Mitsubishi|Acura|Infiniti|Skoda|Opel|Suzuki")
_VEHICLES = ("cars?|vans?|SUVs?|sedans?|trucks?|pickups?|hybrids?|minivans?|coupes?|hatchbacks?|"
             "crossovers?|vehicles?|models?|motorcycles?|engines?")
_ADJECTIVE = r"(?:(?!(?:and|or|in|at|on|of|to|the|as|for|with|by|from|when|while)\b)[a-z]+\s+)?"
_OTHER_YEARS = rf"(?:(?:\s*[-–]\s*|\s+(?:and|to|through|or)\s+)(?:the\s+)?{_YEAR}\b)?"
_MODEL_YEAR = re.compile(
    rf"{_OTHER_YEARS}\s+(?:model\s+years?\b|{_ADJECTIVE}(?:{_MAKES})\s+(?:[A-Z]|(?:{_VEHICLES})\b)|"
    rf"{_ADJECTIVE}(?:[A-Z][\w-]*\s+){{1,3}}(?:[a-z]+\s+)?(?:{_VEHICLES})\b)")
_PRODUCT_IN_TEXT = re.compile(rf"(?<!\d){_YEAR}{_MODEL_YEAR.pattern}")
_NAMED_PRODUCT = re.compile(rf"{_OTHER_YEARS}\s+{_ADJECTIVE}[A-Z](?!\w*(?:['’]s)?\s+"
                            rf"(?i:{'|'.join(sorted(_EVENTS))})\b)")


def extract_dates(body: str, published: date | None = None) -> list[Entity]:
    """Return each date the body mentions as an Entity valued "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    found: list[Entity] = []
    anchored = False  # the last date is a day of a story told from a full date with its year
    products = bool(_PRODUCT_IN_TEXT.search(body))
    for m in _CANDIDATES.finditer(body):
        kind = next(k for k in _KINDS if m.group(k))
        if kind == "year" and _not_calendar(body, m.end(kind), products):
            continue
        for value, start, end in _values(kind, m, body, published, found, anchored):
            e = Entity("date", value, body[start:end], start, end)
            anchored = len(value) == 10 and (bool(_A_YEAR.search(e.text)) or anchored and (
                found[-1].value[:7] == value[:7]))
            found.append(e)
    return found


def _not_calendar(body: str, end: int, products: bool) -> bool:
    """Whether the four digits before `end` are a clock time or a model year, not a year."""
    return bool(_CLOCK.match(body, end) or products and (
        _MODEL_YEAR.match(body, end) or _NAMED_PRODUCT.match(body, end)))


def _values(kind: str, m: re.Match[str], body: str, published: date | None,
            found: list[Entity], anchored: bool):
    start, end = m.span(kind)
    if kind == "year":
        named = _NAME_BEFORE.search(body, max(0, start - 30), start)
        if named is None or named.group(1).lower() in _NOT_A_NAME \
                or named.group(1).lower() in _EVENTS:  # "the Grammy Awards 2017": its year
            yield m.group("y5"), start, end
        return  # else a year inside a name: "Made in China 2025", "Euro 2016"
    if kind == "num":
        yield _iso(int(m.group("ny")), int(m.group("nm")), int(m.group("nd"))), start, end
        return
    if kind == "dotted":  # "(23.11.2016)": day, month, year, as in European datelines
        yield _iso(int(m.group("ey")), int(m.group("em")), int(m.group("ed"))), start, end
        return
    if kind == "iso":
        yield _iso(int(m.group("iy")), int(m.group("im")), int(m.group("id"))), start, end
        return
    if kind == "bare":
        led = _LEAD_BEFORE.search(body, max(0, start - 40), start)
        if led is None:
            if _THE_MONTH.search(body, max(0, start - 5), start) and m.group("m4") != "May" \
                    and (noun := _NOUN_AFTER.match(body, end)) \
                    and noun.group(1) not in _NOT_A_NOUN and (month := _month(m.group("m4"))):
                year = _year(month, None, published, body, start, "")
                if year is not None:  # "the January emergency rule", "the March elections"
                    yield f"{year:04d}-{month:02d}", start, end
            return
        lead = led.group("lead")
        month = _month(m.group("m4"))
        if month is None or (m.group("m4") == "May" and lead.lower() in ("and", "or", "for")
                             and not _MONTH_BEFORE.search(body, max(0, led.start() - 12),
                                                          led.start())):
            return  # "support for May": Theresa May; not "in April and May"
        if m.group("m4") == "May" and (_MAY_VERB.match(body, end)
                                       or _MAY_AND_NAME.match(body, end)):
            return  # "after May issues the notification", "talks between May and Netanyahu"
        if m.group("m4") in ("Mar.", "Mar", "Jan", "Jun", "Jul", "Oct", "Nov", "Dec", "Aug",
                             "Sep", "Sept", "Apr", "Feb") and not m.group("m4").endswith("."):
            return  # short forms alone are words more often than months ("Jan", "Sept")
        start_lead = start if lead.lower() in ("and", "or", "to") else led.start()
        year = _shared_year(body, start, end) or _pair_year(month, found, body, led) \
            or _year(month, None, published, body, start_lead, lead)
        start = start_lead
        if year is not None:
            yield f"{year:04d}-{month:02d}", start, end
        return
    if kind == "my":
        month = _month(m.group("m3"))
        if month is not None:
            yield f"{int(m.group('y3')):04d}-{month:02d}", start, end
        return
    g = ("m1", "d1", "d1b", "y1") if kind == "mdy" else ("m2", "d2", "d2b", "y2")
    month = _month(m.group(g[0]))
    if month is None:
        return
    if m.group(g[0]) == "May" and kind == "mdy" and not (
            m.group(g[3]) or _lead_before(body, start)):
        return  # "May 5" needs a year or a preposition: "May" is also a verb and a name
    days = [int(re.match(r"\d+", m.group(g[1])).group(0))]
    if m.group(g[2]):
        days.append(int(re.match(r"\d+", m.group(g[2])).group(0)))
    year = int(m.group(g[3])) if m.group(g[3]) else (
        _shared_year(body, start, end)
        or _story_year(month, days[0], found[-1] if anchored else None, start)
        or _year(month, days[0], published, body, start, ""))
    if year is None:
        return
    for d in days:
        value = _iso(year, month, d)
        if value:
            yield value, start, end


def _shared_year(body: str, start: int, end: int) -> int | None:
    """The year a date shares with the next one ("February and September 2014"), or the year
    the text spoke of last ("in 2014 ... 29 August that year")."""
    m = _SHARED.match(body, end)
    if m is None:
        return None
    if m.group("year"):
        return int(m.group("year"))
    years = _A_YEAR.findall(body, max(0, start - 1500), start)
    return int(years[-1]) if years else None


def _story_year(month: int, day: int, last: Entity | None, start: int) -> int | None:
    """The year of a day told just after a full date of the same month with its year written:
    "On 16 March 2014, the vote was held. On March 18, the treaty was signed; on March 21,
    ratified" is 2014 throughout, as a reader takes it. `last` is the date before, when it is
    a day of such a story (extract_dates follows it), else None."""
    if last is None or start - last.end > _STORY:
        return None
    year, first, last_day = (int(x) for x in last.value.split("-"))
    return year if first == month and day >= last_day else None


def _pair_year(month: int, found: list[Entity], body: str, led: re.Match[str]) -> int | None:
    """The year of the second month of a pair ("in April and May", "from December to
    February"): the first's, or the next when the second comes earlier in the calendar."""
    previous = found[-1] if found else None
    if previous is None or len(previous.value) != 7 or led.group("lead").lower() not in (
            "and", "or", "to", "through", "until", "till") \
            or not _MONTH_BEFORE.search(body, max(0, led.start() - 12), led.start()) \
            or previous.end < led.start() - 12 \
            or _PAST.search(after := _after_candidate(body, led.start())) or _NEXT.search(after):
        return None  # "between August and December next year": _year reads it
    year, first = int(previous.value[:4]), int(previous.value[5:])
    return year if month >= first else year + 1


def _lead_before(body: str, start: int) -> bool:
    return bool(re.search(rf"\b{_LEAD}\s+$", body[max(0, start - 12):start], re.IGNORECASE))


def _year(month: int, day: int | None, published: date | None, body: str, start: int,
          lead: str) -> int | None:
    """The year a month (and day) without one falls in, seen from the publication date."""
    if published is None:
        return None
    lead = lead.lower()
    if lead == "last":
        return published.year - 1 if month >= published.month else published.year
    if lead == "next":
        return published.year + 1 if month <= published.month else published.year
    if lead == "since":  # "hasn't scored since October": the last October
        return published.year if month <= published.month else published.year - 1
    after = _after_candidate(body, start)
    if _PAST.search(after):
        return published.year - 1
    if _NEXT.search(after):
        return published.year + 1
    if (month, day or 1) <= (published.month, published.day):
        return published.year
    ahead = date(published.year, month, day or 1) - published
    if lead in ("in", "on") and _AHEAD_OF.search(body, max(0, start - 60), start):
        return published.year  # "ahead of the elections in April"
    if day is not None and ahead <= _SOON:
        return published.year
    tense = _tense(body, start, lead, far=ahead > _NEAR)
    if tense == "past" and day is not None and ahead <= _NEAR \
            and _tense(body, start, lead, strong=True) != "past":
        return published.year  # "two people identified as Matt and Nancy on May 26"
    if tense is None:
        return published.year if ahead <= _NEAR else published.year - 1
    return published.year if tense == "future" else published.year - 1


def _tense(body: str, start: int, lead: str = "", strong: bool = False,
           far: bool = False) -> str | None:
    """ "past" or "future" for the clause before a date, by its nearest tense marker; or None.

    "When NYMEX announced its rule change in December, its president said it will..." is past.
    """
    before = body[_sentence_start(body, start):start] + " " + lead  # "postponed until April"
    # "was scheduled to" a date months ahead: a plan the past made, for last year
    future = [m.span() for m in _FUTURE.finditer(before)
              if not (far and _WAS.search(before, max(0, m.start() - 12), m.start()))]
    past = [m.end() for m in (_STRONG_PAST if strong else _PAST_VERB).finditer(before)
            if not any(a < m.end() and m.start() < b for a, b in future)
            and not _NOT_PAST.search(before, 0, m.start())]
    future = [e for _, e in future]
    if future or past:
        return "future" if max(future, default=-1) > max(past, default=-1) else "past"
    return None


def _sentence_start(body: str, pos: int) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(body, max(0, pos - 300), pos)]
    return starts[-1] if starts else max(0, pos - 300)


def _after_candidate(body: str, start: int) -> str:
    m = re.match(rf"[^,.;]*?{_MONTH}(?:\s+{_DAY})?", body[start:start + 40])
    return body[start + m.end():start + m.end() + 30] if m else ""


_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _month(text: str) -> int | None:
    """The number of a month name as `_MONTH` matches it ("Sept." -> 9, "january" -> 1)."""
    return _MONTHS.get(text[:3].lower())


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
