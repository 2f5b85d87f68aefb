"""Outlets: news organisations the text cites, and the publisher a URL belongs to."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import accumulate
from urllib.parse import urlsplit

from archive.extract import lexicon
from archive.model import Entity

# Words around a name that make it a citation: "according to People", "Variety reports".
_CITE_BEFORE = re.compile(
    r"\b(?:according\s+to|obtained\s+by|reported\s+by|confirmed\s+to|told|tells|tell|via|"
    r"h/t|hat\s+tip|speaking\s+to|spoke\s+to|in\s+an\s+interview\s+with|interview\s+with|"
    r"said\s+to|cited\s+by|published\s+by|wrote\s+in|writing\s+in|quoted\s+by|quoted\s+in|"
    r"reports?\s+in|reporting\s+by|exclusively\s+to|close\s+to|to)\s*[(\[]?\s*$",
    re.IGNORECASE,
)
_CITE_AFTER = re.compile(
    r"^(?:\.com)?[\"”]?\s*(?:\)|magazine\b|cover(?:girl|\s+star|\s+story)?\b|"
    r"'s\s+(?:report|sources?|story|cover)|"
    r"(?:first\s+|also\s+|previously\s+|exclusively\s+)?(?:reported|reports|noted|notes|states|"
    r"stated|says|said|confirmed|learned|revealed|writes|wrote|obtained|has\s+learned|"
    r"was\s+first\s+to|broke\s+the\s+news)|[\"”]?\W?\s*show\b|"
    # "Recode, which broke the news", "Recode, citing unnamed sources"
    r",\s+(?:which\s+(?:first\s+)?(?:reported|broke\s+the\s+news|revealed)|citing)\b)",
    re.IGNORECASE,
)
# The strong cues may name the outlet with its article: "told the Daily News".
_CITE_BEFORE_THE = re.compile(
    r"\b(?:according\s+to|obtained\s+by|reported\s+by|confirmed\s+to|told|speaking\s+to|"
    r"spoke\s+to|interview\s+with|cited\s+by|published\s+by|quoted\s+by|wrote\s+in|"
    r"writing\s+in)\s+the\s+$", re.IGNORECASE)
_PAREN = re.compile(r"[(\[]\s*(?:via\s+|h/t\s+|source:\s*)?$", re.IGNORECASE)
# A news organisation the text names as such, known or not: "broadcaster Deutschlandfunk".
_KIND = (r"(?:broadcaster|newspaper|daily|weekly|tabloid|news\s+agency|magazine|"
         r"(?:radio|TV|television)\s+(?:station|channel)|news\s+(?:website|site)|"
         r"channel|radio|television|paper|affiliate)")
_NAMED = re.compile(
    rf"\b{_KIND}\s+[\"“]?((?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|\d+))*)"
)
# A name's words are at most 40 characters, taken whole (possessive): a long hyphenated token
# ("Aa-" * 16000) was scanned to its end again from each of its hyphens (42 s).
# A leading "The" is not the name ("The Dogan news agency"); "and" may join its words ("the
# Rochester Democrat and Chronicle newspaper").
_NAMED_AFTER = re.compile(r"\b(?:[Tt]he\s+)?((?:[A-Z][\w'’-]{0,40}+\s+(?:and\s+)?){0,3}"
                          r"[A-Z][\w'’-]{0,40}+(?:\s+\d+)?)"
                          r"\s+(?:TV\s+channel|news\s+agency|newspaper|daily|magazine)\b")
# Someone told an outlet: "she told AZ Family.com", "in an interview with J-14".
_TOLD = re.compile(
    r"\b(?:told|tells|in\s+an\s+interview\s+with|speaking\s+to|spoke\s+to|interviewed\s+on)"
    r"\s+(?:the\s+)?((?:[A-Z](?:[\w&!'’-]|\.(?=\w))*|\d+)"
    r"(?:[ \t]+(?:[A-Z](?:[\w&!'’-]|\.(?=\w))*|\d+)){0,3})(?<![’'])"
)
# A news site by its domain, where the text cites it: "according to PennLive.com", "his
# website, DCReport.org" (not a social network's or a video site's: see _SOCIAL).
_SITE = re.compile(r"(?<![\w@/.-])([A-Z][\w-]*\.(?:com|org|net))(?![\w/-]|\.\w)")
_SITE_CUE = re.compile(r"\b(?i:website|site),\s+$")
_SOCIAL = frozenset("facebook.com twitter.com youtube.com instagram.com snapchat.com "
                    "reddit.com tumblr.com linkedin.com change.org amazon.com".split())
# A nationality before a known outlet's name: "the British Metro newspaper" is Metro.
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ish|ian|ese|ic|ch|an|i)\s+(?=[A-Z])")
# A closing credit of agencies: "mp/jh (DPA/SID)".
_CREDIT = re.compile(r"\(((?:[A-Za-z]{2,8})(?:\s*[/,]\s*[A-Za-z]{2,8})+)\)\s*$")
_CREDIT_NAME = re.compile(r"([A-Za-z]{2,8})")
# A country's edition after a known name: "told Esquire U.K.", "Vogue India".
_EDITION = re.compile(r"\s+(?:U\.?K|U\.?S|UK|US|Australia|India|China|Arabia|Italia|"
                      r"France|Germany|Japan|Mexico|Spain)\.?$")
# "ABC affiliate WEAR", "local Fox station WSNV": the network describes the station, the source.
_AFFILIATE = re.compile(r"(?:['’]s)?\s+(?:French\s+|local\s+)?"
                        r"(?:affiliate\b|station\s+[KWC][A-Z]{2,3}\b)")
# A show's kind after a network's name: the network as its producer, no news source.
_PRODUCER = re.compile(r"(?:['’]s)?\s+(?:docuseries|docu-series|series|miniseries|sitcom|"
                       r"reality\s+(?:show|series)|drama|talent\s+show|game\s+show)\b")
# A country's possessive before a name ("Zimbabwe's Daily News", "Australia's ABC"): that
# country's outlet of the name, not the one the name usually stands for (New York's).
_COUNTRY_OWNS = re.compile(r"\b([A-Z][a-z]+)['’]s\s+$")
# A capitalised word right after a word-name makes it part of a longer name.
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z]")
_LIST_SEP = re.compile(r",\s*|,?\s+and\s+|\s*/\s*")
# A channel named by its kind: "Ren TV", "Pink TV", "Al Ikhbariya TV" (not "Apple TV").
_TV = re.compile(r"(?<![\w-])(?:(?:Al|El)\s+)?[A-Z][A-Za-z]+\s+TV(?![\w-])")
# A local station: a network and its channel number, a channel's news, a call sign.
_STATION = re.compile(r"(?<![\w.$£€-])(?:(?:ABC|CBS|NBC|FOX|Fox|CW|PBS)\s*\d{1,2}|\d{1,2}\s+News|"
                      r"[KW][A-Z]{2,3}-TV)(?![\w-])")
# A US or Canadian station's call sign, named as one: "CNN affiliate WJZ", "affiliate in Boston
# WHDH", "station KTLA-TV".
_CALL_SIGN = re.compile(r"\b(?:affiliates?|station)\s+(?:in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?,?\s+)?"
                        r"([KWC][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|\d{1,2}))?)(?![\w-])")
# A station's call sign the text cites: "according to KTLA", "WEWS reported".
# (The letter first, then what stands before it: a pattern that starts with a lookbehind is
# tried at every position, one that starts with a letter class only where the letter is.)
_CALL_SIGN_ALONE = re.compile(r"[KW](?<![\w-][KW])[A-Z]{3}(?![\w-])")
_BRACKETED_SIGN = re.compile(r"\(([KW][A-Z]{3})(?![\w-])")
_BARE_TO = re.compile(r"(?<!according)(?<!speaking)(?<!spoke)(?<!said)\s+to\s*$", re.IGNORECASE)
# A programme named with its broadcaster: "on RTÉ's Morning Ireland", "BBC Radio 4's Today
# programme"; small words may join its words ("Today with Sean O'Rourke", "Face the Nation").
_PROGRAMME_WORD = r"(?:[A-Z][\w'’-]*|\d+)"
# Its title may be quoted: "on NBC's "Meet the Press"", "told CNN's "New Day"".
_PROGRAMME = re.compile(
    rf"(?:['’]s|(?<=s)['’])(?:[ \t]+|-(?=[A-Z]))(?P<quote>[\"“])?"
    rf"({_PROGRAMME_WORD}(?:[ \t]+(?:(?:with|at|the|of|on|and|in)[ \t]+){{0,2}}"
    rf"{_PROGRAMME_WORD}){{0,5}})(?P<kind>[ \t]+(?:programme|program|show)\b|[,.]?[\"”])?")
_QUOTED_CUE = re.compile(r"\b(?:on|told|to|with|interview)\s+(?:the\s+)?$", re.IGNORECASE)
_ON_BEFORE = re.compile(
    r"\b(?:on|(?:speaking|spoke|talking|statement|interview)\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
# "in an interview Monday with CNN's Connect the World": a title with a small word in it (a
# name of two capitals there is the presenter's: "Fox News' Tucker Carlson").
_INTERVIEW_WITH = re.compile(r"\binterview(?:\s+\w+day)?\s+with\s+$", re.IGNORECASE)
_SMALL_WORD = re.compile(r" (?:the|of|on|at|in|with|and) ")
# Not a programme: the outlet's service in a language ("DW's German TV program"), its desk
# ("Al Jazeera's Washington editor"), a day ("on CBS's Face the Nation Sunday").
_NOT_PROGRAMME = re.compile(r"\b(?:TV|Radio|language|service|channel|edition|website)$|-")
_STAFF_AFTER = re.compile(r"[ \t]+(?:editor|correspondent|reporter|presenter|host|anchor|"
                          r"bureau|desk|team)\b")
_DAY_AFTER = re.compile(r"(?:[ \t]+(?:on[ \t]+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                        r"Saturday|Sunday))+$|[ \t]+Programme$")  # "Radio 4's Today Programme"
# A lost space's hyphen after a name: "Sport Bild-reported", "Orange County Register-Friday".
_GLUED_END = re.compile(r"-(?:[a-z]+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)$")
_BROADCAST_AFTER = re.compile(r"\s+(?:TV|television|radio)\b", re.IGNORECASE)
# Words that describe a paper or an agency before its kind, not its name.
_DESCRIBING = frozenset("almost weekly financial national federal local state regional "
                        "business economic official online popular leading liberal "
                        "conservative tabloid satirical one another".split())
# A hyphened description before a name: "the UK-based daily", "the ISIS-linked Amaq".
_DESCRIBED = re.compile(r"[\w.]+-(?:based|language|run|owned|linked|backed|controlled|affiliated|"
                        r"funded|speaking|born)\s*")
# A programme named by its presenter: "told the Victoria Derbyshire programme".
_PRESENTER_PROGRAMME = re.compile(r"\b(?i:told|on|to|for|watch)\s+the\s+([A-Z][\w'’-]*\s+"
                                  r"[A-Z][\w'’-]*)\s+programme\b")
# A paper's or agency's own name says what it is: "the Baltimore Sun", "the Saudi Press Agency".
_MASTHEAD = re.compile(
    r"\b[Tt]he\s+(?:official\s+|state-(?:run|owned|controlled)\s+)?((?:[A-Z][\w'’-]*\s+){1,3}(?:[A-Z][a-z]+-)?(?:Press\s+Agency|News\s+Agency|"
    r"Broadcasting\s+(?:Authority|Corporation|Company|Service|System)|Times|Post|"
    r"Journal|Herald|Tribune|Gazette|Chronicle|Telegraph|Observer|Examiner|Inquirer|Sun|Record|"
    r"Courier|Standard|Monitor|Register|Star|Daily)(?:-[A-Z][a-z]+)?)\b"
    # "The Energy Star program": no paper's name
    r"(?!\s+(?:program|programme|initiative|scheme|label|rating|award|prize)\b)"
)


def outlet_from_url(url: str | None) -> str | None:
    """Return the outlet a URL's site belongs to (www.huffingtonpost.com -> HuffPost), if known.

    Subdomains count as their parent (europe.chinadaily.com.cn -> China Daily).
    """
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    parts = host.lower().rstrip(".").split(".")
    domains = lexicon.outlet_domains()
    for i in range(len(parts) - 1):
        name = domains.get(".".join(parts[i:]))
        if name:
            return name
    return None


class _Spans:
    """The spans of the body already read as outlets.

    Each match was checked against every span found before it (a list): with thousands of
    names, quadratic. The positions covered are marked in a byte array instead, and span
    starts and ends kept in sets, so each check costs the match's length.
    """

    SEPARATOR = 64  # the longest list separator looked for (", and ", " / ")

    def __init__(self, size: int):
        self.covered = bytearray(size + 1)
        self.spans: set[tuple[int, int]] = set()
        self.starts: set[int] = set()
        self.ends: set[int] = set()

    def add(self, start: int, end: int) -> None:
        self.covered[start:end] = b"\x01" * (end - start)
        self.spans.add((start, end))
        self.starts.add(start)
        self.ends.add(end)

    def __contains__(self, span: tuple[int, int]) -> bool:
        return span in self.spans

    def covers(self, pos: int) -> bool:
        return bool(self.covered[pos])

    def overlaps(self, start: int, end: int) -> bool:
        return self.covered.find(1, start, max(end, start + 1)) != -1

    def ends_near(self, pos: int) -> list[int]:
        """The span ends a list separator's length or less before `pos`."""
        return [b for b in range(max(0, pos - self.SEPARATOR), pos + 1) if b in self.ends]

    def starts_near(self, pos: int) -> list[int]:
        return [a for a in range(pos, pos + self.SEPARATOR + 1) if a in self.starts]


def extract_outlets(body: str, publisher: str | None = None,
                    people: list[tuple[int, int]] = ()) -> list[Entity]:
    """Return the publisher (offsets -1) and each outlet the body cites, with its evidence.

    `people` are the spans of the body's person mentions: "told Zhang Wei" is no outlet.
    """
    found = [Entity("outlet", publisher, publisher, -1, -1)] if publisher else []
    taken = _Spans(len(body))
    # Local stations first, so "ABC 15" is not read as ABC News.
    for m in _STATION.finditer(body):
        usual = _names().get(m.group(0), (m.group(0), False))[0]
        found.append(Entity("outlet", usual, m.group(0), m.start(), m.end()))
        taken.add(*m.span())
    pending = []  # names that are also words, not (yet) seen in a citation
    channels = _TV.finditer(body) if "TV" in body else ()
    for m in [*_pattern().finditer(body), *channels]:
        if taken.covers(m.start()):
            continue
        written = m.group(0)
        if _AFFILIATE.match(body, m.end()):
            continue  # "ABC affiliate WEAR": the station is the source
        if _PRODUCER.match(body, m.end()) and not _cited(body, *m.span()):
            continue  # "the E! docuseries", "HBO's series": a network producing a show
        usual, ambiguous = _names().get(written) or _tv(written)
        if usual is None:
            continue
        if usual.endswith(" " + written) and _owned_by_country(body, m.start()):
            usual = written
        if ambiguous and (_NAME_GOES_ON.match(body, m.end()) or not _cited(body, *m.span())):
            pending.append((m, usual))  # "the Fortune Global Forum"; or a list of outlets
            continue
        found.append(Entity("outlet", usual, written, m.start(), m.end()))
        taken.add(m.start(), m.end())
    # "RT, Channel One, NTV and Ren TV": a word-name in a list of outlets is one too.
    added = True
    while added:
        added = False
        for m, usual in pending:
            if m.span() not in taken and not _NAME_GOES_ON.match(body, m.end()) and (
                    any(_LIST_SEP.fullmatch(body[b:m.start()]) for b in taken.ends_near(m.start()))
                    or any(_LIST_SEP.fullmatch(body[m.end():a])
                           for a in taken.starts_near(m.end()))):
                found.append(Entity("outlet", usual, m.group(0), m.start(), m.end()))
                taken.add(*m.span())
                added = True
    told = _Overlaps(people)
    for s, e, name in _programmes(body, found, told):
        if not taken.overlaps(s, e):
            found.append(Entity("outlet", _names().get(name, (name, False))[0], name, s, e))
            taken.add(s, e)
    named = [*_CALL_SIGN.finditer(body), *_NAMED.finditer(body), *_NAMED_AFTER.finditer(body),
             *_MASTHEAD.finditer(body),
             *(m for m in _TOLD.finditer(body) if _unknown_outlet(m.group(1), m.span(1), told)),
             *_credits(body), *_cited_call_signs(body), *_sites(body)]
    for m in named:
        if (entity := _named_outlet(body, m, taken, told)) is not None:
            found.append(entity)
            taken.add(entity.start, entity.end)
    found.sort(key=lambda e: e.start)
    return found


def _named_outlet(body: str, m: re.Match[str], taken: _Spans, people: _Overlaps) -> Entity | None:
    """The outlet a match of a kind word, masthead, "told" or credit names (its group 1), with
    the words around it that are no part of the name taken off; or None."""
    s, e = m.span(1)
    name = m.group(1)
    if taken.overlaps(s, e) and (joined := name.rfind(" and ")) > 0:
        s, name = s + joined + 5, name[joined + 5:]  # "Reuters and Kyodo news agency"
    if taken.overlaps(s, e):
        return None
    if (place := re.match(r"[A-Z]\w+['’]s\s+", name)) and _is_place(place.group(0)[:-3]):
        s, name = s + place.end(), name[place.end():]  # "Zimbabwe's Daily News newspaper"
    if (nation := _NATIONALITY.match(name)) and name not in _names() \
            and nation.group(0).split()[0].lower() in lexicon.not_names() \
            and name[nation.end():] in _names():
        s, name = s + nation.end(), name[nation.end():]  # "British Metro newspaper"
    if described := _DESCRIBED.match(name):
        s, name = s + described.end(), name[described.end():]  # "ISIS-linked Amaq"
    if (own := re.search(r"['’]s\s", name)) and own.start() > 0:
        name, e = name[:own.start()], s + own.start()  # "WJLA's Alex Liggit"
    if glued := _GLUED_END.search(name):
        name, e = name[:glued.start()], s + glued.start()  # "Sport Bild-reported"
    if (edition := _EDITION.search(name)) and name[:edition.start()] in _names():
        name, e = name[:edition.start()], s + edition.start()  # "Esquire U.K."
    if not name or _not_a_name(name, body, e) or _adverb_or_person(m, name, s, e, people):
        return None
    usual = _names().get(name, _folded().get(name.casefold(), (_usual(name), False)))[0]
    if usual.endswith(" " + name) and _owned_by_country(body, s):
        usual = name
    return Entity("outlet", usual, name, s, e)


def _not_a_name(name: str, body: str, end: int) -> bool:
    """Whether what is left is no outlet's name: a function word or a place ("Bogota" of
    "Bogota newspaper El Espectador", "British" magazine), a word that describes the paper
    ("State news agency Bernama", "One French newspaper"), an owner ("Mr Spicer's daily
    briefing"), a number ("told the 40-year-old"; not "told 112 television channel")."""
    words = name.lower().split()
    if words[0] in {"the", "a", "in", "on", "this", "his", "her", "its"} \
            or _AFFILIATE.match(body, end) or name.lower() in lexicon.places():
        return True
    return name not in _names() and (
        name.lower() in lexicon.not_names() or name.endswith(("'s", "’s"))
        or name.isdigit() and not _BROADCAST_AFTER.match(body, end)
        or all(w in _DESCRIBING or w in lexicon.not_names() for w in words))


def _adverb_or_person(m: re.Match[str], name: str, start: int, end: int,
                      people: _Overlaps) -> bool:
    """ "Almost daily, police ...", "flee Mosul daily Federal police": "daily" as an adverb,
    before or after a word; "telling the paper Coats himself filed": a person after "paper"."""
    if name in _names():
        return False
    kind = m.group(0)[:m.start(1) - m.start(0)].strip().lower()
    after = m.group(0)[m.end(1) - m.start(0):].strip().lower()
    if "daily" in (kind, after) and " " not in name and name.lower() in lexicon.english_words():
        return True
    # "English broadcaster Richard Dimbleby": a person can be a broadcaster
    words = name.split()
    if kind == "broadcaster" and len(words) == 2 and words[0].lower() in lexicon.first_names() \
            and words[1].lower() not in lexicon.english_words():
        return True
    return kind in ("paper", "broadcaster") and people.overlaps(start, end)


def _owned_by_country(body: str, start: int) -> bool:
    own = _COUNTRY_OWNS.search(body, max(0, start - 30), start)
    return bool(own) and _is_place(own.group(1))


def _is_place(word: str) -> bool:
    return word.lower() in lexicon.places() or word.lower() in lexicon.cities()


def _programmes(body: str, outlets: list[Entity], people: _Overlaps) -> list[tuple[int, int, str]]:
    """The programmes the body names with their broadcaster or presenter, as (start, end, name).

    "on RTÉ's Morning Ireland", "BBC Radio 4's Today programme", "told the Victoria Derbyshire
    programme" (a given name and a name that is no word). Without "programme" or "show", only
    a name after "on" or "speaking to", and no person's: not "told CNN's Jake Tapper".
    """
    out = []
    for o in outlets:
        m = _PROGRAMME.match(body, o.end) if o.start >= 0 else None
        if m is None:
            continue
        s = m.start(2)
        name = _DAY_AFTER.sub("", m.group(2))
        quoted = bool(m.group("quote")) and (m.group("kind") or "x")[-1] in "\"”"
        if quoted:
            if not _QUOTED_CUE.search(body, max(0, o.start - 30), o.start):
                continue  # "20th Century Fox's "Logan"": a film, not a programme
        elif m.group("quote") or not m.group("kind") and not (
                _ON_BEFORE.search(body, max(0, o.start - 30), o.start)
                and not people.overlaps(s, s + 1)) \
                or _NOT_PROGRAMME.search(name) or _STAFF_AFTER.match(body, m.end(2)) \
                or name.split()[0].lower() in lexicon.places():
            if not (_INTERVIEW_WITH.search(body, max(0, o.start - 30), o.start)
                    and _SMALL_WORD.search(name) and not people.overlaps(s, s + 1)):
                continue
        out.append((s, s + len(name), name))
    for m in _PRESENTER_PROGRAMME.finditer(body) if "programme" in body else ():
        given, family = m.group(1).split()
        if given.lower() in lexicon.first_names() and family.lower() not in lexicon.english_words():
            out.append((*m.span(1), m.group(1)))
    return out


def _cited_call_signs(body: str) -> list[re.Match]:
    """Call signs cited as sources ("according to KTLA"): not a word, not an acronym the text
    spells out or explains in brackets ("World Anti-Doping Agency (WADA)", "(KHTO is the
    airport's code)"), not "Say No to KHTO"."""
    out = []
    bracketed = None
    for m in _CALL_SIGN_ALONE.finditer(body):
        sign = m.group(0)
        if bracketed is None:
            bracketed = set(_BRACKETED_SIGN.findall(body))
        if sign.lower() in lexicon.english_words() or sign in bracketed \
                or _BARE_TO.search(body, max(0, m.start() - 20), m.start()) \
                or not _cited(body, *m.span()):
            continue
        out.append(re.compile(r"(\w+)").match(body, m.start()))
    return out


def _sites(body: str) -> list[re.Match]:
    """News sites named by their domain where the text cites them."""
    if ".com" not in body and ".org" not in body and ".net" not in body:
        return []
    return [m for m in _SITE.finditer(body) if m.group(1).lower() not in _SOCIAL
            and not _BARE_TO.search(body, max(0, m.start() - 20), m.start())  # "Go to X.com"
            and (_cited(body, *m.span(1)) or _SITE_CUE.search(body, max(0, m.start() - 12),
                                                              m.start()))]


def _tv(name: str) -> tuple[str | None, bool]:
    first = name.split()[-2].lower()  # the channel's own word: "Ren" of "Ren TV"
    if first in lexicon.english_words() or first in lexicon.not_names() \
            or first in lexicon.places():
        return None, False
    return name, False


class _Overlaps:
    """Spans (the people's), asked whether any overlaps a given one: sorted by start, with the
    furthest end reached so far, so each question is a binary search (it was a scan of every
    person mention: quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # the spans before i start before `end`
        return i > 0 and self.reach[i - 1] > start


def _unknown_outlet(name: str, span: tuple[int, int], people: _Overlaps) -> bool:
    """Whether a name someone "told" is an outlet the list does not know ("told AZ Family.com")."""
    if people.overlaps(*span) or lexicon.is_organisation(name) or name in _BODIES:
        return False  # "tells the EU", "told the FBI": a body, not a newsroom
    words = name.split()
    first = words[0].rstrip(".").lower()
    shaped = bool(re.search(r"\d|\.com\b|\b(?:News|TV|Radio|Online|Daily|Times|Post)$", name)) \
        or bool(re.fullmatch(r"[A-Z][A-Z0-9]{1,6}", name))
    if first in lexicon.first_names() and not shaped or words[0].rstrip(".") in lexicon.titles():
        return False
    if all(w.lower() in lexicon.english_words() or w.lower() in lexicon.not_names()
           or w.lower() in lexicon.places() for w in words) \
            and not re.fullmatch(r"[A-Z]{3,6}", name):  # "told STAT": capitals, no word
        return False
    return shaped or len(words) > 1


# Bodies and agencies of government that people "tell" things, written in capitals like outlets.
_BODIES = frozenset("EU UN NATO FBI CIA NSA IMF WHO WTO OPEC ECB FIFA UEFA IOC OSCE ASEAN NASA "
                    "DOJ SEC FDA EPA FCC FTC ICE NHS HSE IRA ISIS ANC GOP DNC RNC ACLU".split())


def _credits(body: str) -> list[re.Match]:
    """The agencies of a closing credit, "(DPA/SID)" or "(AFP, Reuters)", when one is known."""
    out = []
    for m in _CREDIT.finditer(body):
        names = list(re.finditer(r"[A-Za-z]{2,8}", m.group(1)))
        if any(n.group(0) in _names() for n in names):
            out += [_CREDIT_NAME.match(body, m.start(1) + n.start(), m.start(1) + n.end())
                    for n in names]
    return out


def outlet_at(text: str) -> int | None:
    """The length of the outlet name `text` starts with, if it starts with one."""
    m = _pattern().match(text)
    return m.end() if m else None


def _usual(name: str) -> str:
    return name[0].upper() + name[1:] if name.startswith(("al-", "el-")) else name


def _cited(body: str, start: int, end: int) -> bool:
    before = body[max(0, start - 40):start]
    after = body[end:end + 40]
    return bool(_CITE_BEFORE.search(before) or _CITE_BEFORE_THE.search(before)
                or _PAREN.search(before) or _CITE_AFTER.match(after))


@cache
def _names() -> dict[str, tuple[str, bool]]:
    return {written: (usual, amb) for written, usual, amb in lexicon.outlets()}


@cache
def _folded() -> dict[str, tuple[str, bool]]:
    """The names by their case-folded spelling: "news agency Tass" is TASS."""
    return {written.casefold(): v for written, v in _names().items()}


@cache
def _pattern() -> re.Pattern[str]:
    # The names as a trie, longest first at each branch, so "E! News" wins over "E!" and the
    # engine tries one branch per letter instead of 800 names; a name never runs past its words.
    alts = _trie_regex([w for w, _, _ in lexicon.outlets()])
    return re.compile(rf"(?<![\w@.-])(?<![a-z]/)(?:{alts})(?![\w@-]|\.(?!com\b)\w)")


def _trie_regex(words: list[str]) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a name may stop here: try the longer names first (greedy)
            return f"(?:{body})?"
        return body

    return emit(trie)
