"""People: runs of capitalised words that name a person, one canonical name each per article.

Rule-based, no model: a run counts when a list of given names, a title or role before it,
a verb of saying after it, or an apposition ("Zhang Yansheng, chief economist") says it
is a person; places, works in quotes and organisations are turned away. Short mentions
("West", "Mr Mair", "Kim") resolve to the fullest name the same article uses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from archive.extract import lexicon
from archive.extract.outlets import outlet_at
from archive.model import Entity

# A name word: "Kardashian", "O'Neill", "McGrath", "Jean-Yves", "Jay-Z", "al-Sabah"; or an initial.
# U+FFFD stands for a letter lost in a bad conversion ("H\ufffd\ufffdller"): part of the word;
# so does a question mark between letters ("J?rg", "Schr?der").
# "Kim Jong-nam", "Moon Jae-in": a short lowercase syllable after a hyphen, in Korean names.
_WORD = (r"(?:[A-Z][a-z]{1,3}-(?!(?:has|had|have|was|is|are|and|the|led|era|run|who|said)\b)"
         r"[a-z]{1,4}(?![\w-])|"
         r"(?:(?:al|el|bin|ibn|abu)-)?[A-ZÀ-ÖØ-Þ](?:[a-zà-öø-ÿ'’\ufffd]|\?(?=[a-zà-öø-ÿ]))*"
         r"(?:[A-Z][a-zà-öø-ÿ\ufffd]+)*"
         r"(?:-[A-Z][a-zà-öø-ÿ\ufffd]*)*)")
_INITIALS = r"(?:[A-Z]\.){1,3}"
_PARTICLE = r"(?:de|da|del|della|di|du|dos|das|van|von|der|den|la|le|bin|ibn|al|el)"
_NUMERAL = r"(?:VIII|VII|VI|IV|III|II)(?![\w-])"  # "Elizabeth II"
_SUFFIX = r"(?:Jr|Sr)\.?(?![\w-])"  # "Cyrus R. Vance Jr."
_TOKEN = rf"(?:{_INITIALS}|{_NUMERAL}|{_SUFFIX}|{_WORD})"
_RUN = re.compile(
    rf"(?<![\w@#.])(?:{_TOKEN})(?:'s|’s)?"
    rf"(?:(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+){{0,2}}|,[ \u00a0]*(?={_SUFFIX}))"
    rf"(?:{_TOKEN})(?:'s|’s)?)*"
    rf"(?![\w@])"
)
# A possessive ends a name, also where a lost space left a hyphen: "Mr Shatter's-May 2014".
_POSSESSIVE = re.compile(r"(?<='s |’s )|(?<='s-|’s-)(?=[A-Z])")
_BRAND_SUFFIX = re.compile(r"['’]s (?:Jr|Sr)\.?$")
_SPLIT = re.compile(rf"{_INITIALS}|{_NUMERAL}|{_SUFFIX}|{_WORD}(?:'s|’s)?|{_PARTICLE}(?!\w)")

_SAYS = re.compile(
    r"^(?:,[^,.;]{0,60},|\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?,?\s+"
    r"(?:who |has |had |have |also |later |then |once |previously |reportedly )?"
    r"(?:said|says|told|tells|added|adds|wrote|writes|tweeted|explained|noted|announced|"
    r"revealed|stated|argued|insisted|claimed|recalled|confirmed|warned|urged|praised|"
    r"described|quoted|posted|replied|thanked|admitted|denied|joked|continued|sang|rapped)\b"
)
_NICKNAME = re.compile(r"(?<=[A-Za-z] )[\"“][A-Z][a-z]+[\"”](?= [A-Z])")
# "the character Laurel Lance", "her role as Black Siren", "known for playing Cole Evans";
# ships named after people: "the
# missile cruiser Pyotr Veliky", "the destroyer Admiral Ushakov", "the aircraft carrier
# Admiral Kuznetsov", "the warships Severomorsk and Vice-Admiral Kulakov", "USS Carl Vinson".
_SHIP = (r"(?:(?i:(?:battle)?cruiser|destroyer|frigate|corvette|submarine|icebreaker|tanker|tug|"
         r"boat|ship|warship|vessel|yacht|ferry|liner|carrier)|USS|HMS|HMAS|HMCS|INS)")
_NAMED_AS = re.compile(r"(?:\b(?:character|characters|role)\s+(?:of\s+|as\s+)?[\"“]?|"
                       # "best known for playing Cole Evans", "she starred as Jane Eyre"
                       r"\b(?:known|famous|remembered)\s+for\s+(?:playing|portraying)\s+|"
                       r"\b(?:starred|stars|starring|cast|co-starred)\s+as\s+|(?P<ship>"
                       rf"(?<![\w-]){_SHIP}s?\s+(?:[A-Z][\w-]+\s+(?:and\s+)?){{0,2}}))$")
_WARSHIP_WORDS = ("cruiser", "destroyer", "frigate", "corvette", "submarine", "warship",
                  "carrier", "icebreaker")
_NAVY_PREFIXES = ("USS ", "HMS ", "HMAS ", "HMCS ", "INS ")
# A warship's name, found in the text itself (a name after "carrier" is no mention: see
# _ORG_BEFORE), so that "the Admiral Kuznetsov" later is the ship too.
_WARSHIP = re.compile(r"(?<![\w-])(?:(?i:(?:battle)?cruiser|destroyer|frigate|corvette|submarine|"
                      r"warship|aircraft\s+carrier|icebreaker)s?|USS|HMS|HMAS|HMCS|INS)\s+"
                      r"((?:[A-Z][\w.-]{0,30}\s+){0,2}[A-Z][\w-]{0,30})")
# After the name: "the Admiral Kuznetsov aircraft carrier", "Pyotr Veliky (Peter the Great)
# battlecruiser".
_SHIP_AFTER = re.compile(rf"\s+(?:\([^()]{{0,40}}\)\s+)?(?:aircraft\s+)?{_SHIP}\b")
# A model's designation after its maker: "a Sukhoi Su-33", "Kamov Ka-52 helicopters".
_MODEL = re.compile(r"-(?:\d{2,}|\d[A-Z])")  # not "Bernie Wrightson-1 of the greats"
_PLAYED_BY = re.compile(r"\s*\((?![A-Z]-)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)\)")  # not "(R-Ohio)"
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ish|ese|ic)")  # "Russian", "Swedish", "Chinese"
_PHOTO_CREDIT = re.compile(r"\s*/\s*(?:[Ff]or\s+)?[A-Z]")  # "Zhang Chi / For China Daily"
_ORG_BEFORE = re.compile(
    r"\b(?:school|club|party|group|company|firm|team|band|agency|brand|label|charity|"
    r"organisation|organization|movement|militia|faction|chain|retailer|bank|airline|carrier|"
    r"startup|newspaper|magazine|channel|station|broadcaster)\s+$", re.IGNORECASE)
# "the travel site Trippa Vendu" (but "rotorcraft manufacturer Andrei Boginsky said" is its CEO)
_BODY_BEFORE = re.compile(r"\b(?:site|website|app|platform|carmaker|automaker|manufacturer|"
                          r"insurer|lender|conglomerate|subsidiary)\s+$", re.IGNORECASE)
# "Sina Weibo, a Twitter-like social media platform": an apposition naming a body, not a role
# ("the company's founder", "a bank teller" are people).
_ORG_APPOSITION = re.compile(
    r"\s*,\s*(?:a|an|the)\s+(?:(?!of\s)[\w'-]+\s+){0,4}?(?:company|firm|platform|website|site|app|"
    r"network|brand|chain|retailer|manufacturer|carmaker|automaker|conglomerate|subsidiary|"
    r"startup|bank|airline|insurer|lender|charity)(?=\s*[,.;:)]|\s+(?:in|of|that|which|"
    r"with|based|founded|owned|from|for|and|to)\b)")
_A_AN = re.compile(r"\b(?:a|an|An)\s+$")
_THE = re.compile(r"\b(?:the|The)\s+$")
# A middle word that says the run is one person's name: "Rami Abdel Rahman", "Gurtej S.
# Cheema", "Pyotr Ilyich Tchaikovsky" (an Arabic particle, an initial, a patronymic).
_MIDDLE = re.compile(r"Abdel|Abdul|Abd|Abu|Bin|Ben|Ibn|Al|El|[A-Z]\.|\w+(?:ovich|evich|ich|"
                     r"ovna|evna|yevna)")
_TITLE_DOT = re.compile(r"\b([A-Z][a-z]{1,4})\.\s+$")  # "Dr. Gurtej S. Cheema"
_PLACE_BEFORE = re.compile(r"\b(?:town|city|village|suburb|province|region|county|district|"
                           r"island|port|state)\s+of\s+$", re.IGNORECASE)
# "the 2017 Winter Universiade", "the 2016 Rio Carnival": a year before a name without a given
# name first makes it an event's.
_YEAR_BEFORE = re.compile(r"\b(?:[Tt]he|an?|its|this|last|next)\s+(?:1[89]|20)\d\d\s+$")
_TOKEN_RE = re.compile(r"\w+")
_STORM = re.compile(r"\b(?i:cyclone|hurricane|storm|typhoon)\s+(\w+)")
# A place named as a see's, a county's or a peer's: "Bishop of Kerry", "Co Kerry", "Duke of York"
_SEE = re.compile(r"\b(?:(?:Arch)?[Bb]ishop|[Dd]ioceses?|Duke|Duchess|Earl|Marquess|Countess|"
                  r"Mayor|Governor|Lord\s+Mayor)\s+of\s+([A-Z][a-z]+)(?![\w-]|\s+[A-Z])|"
                  r"\b(?:Co\.?|County)\s+([A-Z][a-z]+)(?![\w-])")
_AND = re.compile(r",\s*|,?\s+(?:and|or|&)\s+")
_ORDINALS = {"II", "III", "IV", "VI", "VII", "VIII"}  # "Elizabeth II"
_SUFFIXES = _ORDINALS | {"Jr", "Jr.", "Sr", "Sr."}
_SCORE = re.compile(r"\s+\d{1,2}\s*[-–]\s*\d{1,2}\s+")
_MOST_WORDS = 10  # "Omar Abdirashid Ali Sharmarke", "Charles Edward Anderson Berry Sr." fit
_STREETS = frozenset("Street Road Avenue Boulevard Walk Terrace Crescent".split())
_FROM_PLACE = re.compile(r"\b(?:in|on|at|from|off|near|along|of)\s+$")
_SPEAKING = frozenset("said says told tells added adds warned explained".split())
# The next sentence opens with a person's pronoun: "Comey said. He added ..."
_HE_OR_SHE = re.compile(r"[.!?][\"”]?\s+(?:He|She)\s+(?:\w+\s+)?(?:said|says|added|told|was|is|has|"
                        r"had|also|made)\b")
# A word shaped like a given name: short, no hyphen, no adjective's or a body's ending.
_GIVEN_SHAPE = re.compile(r"(?!\w*(?:ic|ist|ism|phobe|bank|tec)$)[A-Z][a-z]{1,8}")
_PARTY_STATE = re.compile(r"[RDI]-[A-Z][a-z]+")
_OF = re.compile(r"\bof\s+$")
_AT = re.compile(r"\b(?:at|in|for|of|from|near)\s+(?:the\s+)?$")
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|around|across)\s+$")
_PREFIX_BEFORE = re.compile(r"(?<![\w-])(?i:anti|pro|non|neo|pan|post|pre|mid|un|semi|pseudo|"
                            r"ultra)-$")
_HONORIFICS = frozenset("Mr Mrs Ms Miss Mme Mlle".split())
_HONORED = re.compile(r"\b(?:Mr|Mrs|Ms|Mme)\.?\s+([A-Z][a-z]+)\b")
# Players known by a nickname that is also a word or an award ("striker Hulk", "midfielder Oscar").
_PLAYERS = frozenset("midfielder midfielders striker defender goalkeeper winger forward compatriot "
                     "teammate team-mate countryman footballer playmaker wrestler boxer "
                     "rapper".split())
_GLUED_FRONT = re.compile(r"([A-Z][a-z]+)-(?=[A-Z][a-z])")
_DASH_BEFORE = re.compile(r"[a-z\"”?]-$")  # a hyphen standing for a dash: "legend-Mark"
_HYPHEN_AFTER = re.compile(r"^-(?!(?:of|and|the|in|on|at|to|for|from|with|who|has|had|was|is|"
                           r"said|says|written|based|led|owned|backed|era|style|like|born|made|"
                           r"produced|directed|funded|run|inspired|esque|[a-z]+ly|[a-z]+ed)\b)[a-z]")
_ROLES = (
    "spokesman|spokeswoman|spokesperson|minister|president|secretary|actor|actress|singer|"
    "rapper|star|director|chairman|chairwoman|chairperson|professor|economist|analyst|lawyer|"
    "attorney|anchor|co-anchor|host|drummer|guitarist|novelist|musician|illustrator|artist|author|"
    "writer|journalist|reporter|correspondent|coach|player|captain|chief|founder|ceo|leader|"
    "senator|judge|officer|mogul|model|producer|comedian|designer|manager|educator|presenter|"
    "legend|wife|husband|son|daughter|mother|father|brother|sister|friend|boyfriend|girlfriend|"
    "fellow|colleague|adviser|advisor|aide|member|student|teacher|doctor|official|activist|"
    "researcher|scientist|expert|head|executive|owner|investor|governor|mayor|ambassador|"
    "commissioner|candidate|winner|champion|striker|midfielder|goalkeeper|defender|skipper|"
    "politician|lawmaker|diplomat|envoy|general|commander|soldier|veteran|witness|victim|"
    "partner|director-general|deputy|vice-president|undersecretary|representative|dancer|"
    "photographer|filmmaker|entrepreneur|billionaire|businessman|businesswoman|banker|"
    "secretary-general|attacker|suspect|gunman|priest|bishop|cardinal|king|queen|prince|princess|ex|"
    "singer-songwriter|socialite|personality|influencer|athlete|footballer|boxer|golfer|"
    "tennis|editor|publisher|critic|historian|philosopher|poet|playwright|composer|cleric|"
    "nominee|councillor|councilor|frontbencher|backbencher|mp|chancellor|premier|"
    "incumbent|speaker|boss|comic|centre|winger|fly-half|scrum-half|full-back|flanker|"
    "teammate|team-mate|compatriot|countryman|frenchman|frenchwoman|englishman|englishwoman|"
    "irishman|irishwoman|scotsman|welshman|dutchman|new zealander|inspector|detective|sergeant|"
    "constable|superintendent|investigator|prosecutor|navy seal|youtuber|blogger|vlogger|dean|"
    "counterpart|predecessor|successor|songwriter|screenwriter|frontman|frontwoman|bandmate"
)
_APPOSITION = re.compile(
    r"^(?:\s*(?:,|\s-|\s–|\s—)\s*(?:a |an |the |who |former |now )?(?:[\w'-]+\s+){0,6}?"
    r"|\s+as\s+(?:its|their|his|her|the|a|an)\s+(?:[\w'-]+\s+){0,2}?)"
    rf"(?:\w+-)?(?:{_ROLES})s?\b",
    re.IGNORECASE,
)
_ROLE_SET = frozenset(_ROLES.split("|"))
# A profession by its ending: "physicist", "psychologist", "pianist", "physician".
_PROFESSION = re.compile(r"[a-z]{3,}(?:ologist|icist|ist|ician)s?")
# "a fictional Carl Hardee Sr.", "the fictional character Ron Burgundy": no real person.
_FICTIONAL = re.compile(r"\bfictional\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# The word (or two) just before a name, to look up among the roles: faster than searching
# 200 alternatives at every position of the text before it.
_LAST_WORDS = re.compile(r"(?:(?<![\w-])([A-Za-z]+)\s+)?(?<![\w-])([A-Za-z-]+)[:,]?[ \u00a0-]+$")
_BY_PERSON = re.compile(r"\b(?:played|portrayed|voiced|directed|hosted|sung)\s+by\s+$")
# "a single featuring Maluma", "a film starring Emma Stone": a performer.
# A work's credit in a list: '"Hello," Adele *WINNER "Formation," Beyonce', '"Work," Rihanna
# featuring Drake': the name between a quoted title and the next one (or a star, or a bracket).
_CREDIT_BEFORE = re.compile(r"[,.!?][\"”]\s+$")
_CREDIT_AFTER = re.compile(r"\s*(?:[\"“(*]|featuring\b|feat\.|Best\b)")
# '"...," said Mohammad.': a quote's speaker after the verb; "Mohammad, a 30-year-old driver".
_SAID_BEFORE = re.compile(r"[,\"”]\s*(?:said|says|added|asked|explained|recalled)\s+$")
_AGE_APPOSITION = re.compile(r",\s+(?:a|an)\s+\d{1,3}-year-old\b")
_PERFORMER = re.compile(r"\b(?:featuring|feat\.|ft\.|starring|co-starring)\s+$")
_LISTED = 9  # the evidence of a name in a list of children: certain
# The next name of a list, after an age maybe: "Luke, 21, Hannah, 18, and 13-year-old Oliver".
_LIST_ITEM = re.compile(r"^(?:,\s*\d{1,2})?(?:,\s*|,?\s+and\s+|,?\s+&\s+)"
                        r"(?:\d{1,2}-year-old\s+)?([A-Z][a-z]+)\b")
_PREPOSITION = re.compile(r"\b(?:in|at|from|of|for|to|with|on|across|around|near)\b")
# "a family friend called Suzie"
_CALLED = re.compile(r"\b(?:friend|girl|boy|woman|man|daughter|son|wife|husband|partner|brother|"
                     r"sister|baby|child)\s+(?:called|named)\s+([A-Z][a-z]+)\b")


@dataclass
class _Mention:
    words: tuple[str, ...]
    start: int
    end: int
    evidence: int
    text: str


def extract_people(title: str, body: str) -> list[Entity]:
    """Return one Entity per person mention, each valued with the person's canonical name."""
    mentions = _mentions(body)
    _coordinated(mentions, body)
    not_people = _characters(mentions, body) | _teams(mentions, body)
    mentions = [m for m in mentions if m.words not in not_people]
    fulls = {name: where for name, where in _full_names(mentions, title, body).items()
             if tuple(name.split()) not in not_people}  # nor in the headline
    found: list[Entity] = []
    for m in mentions:
        if all(w.rstrip(".") in lexicon.titles() for w in m.words) and (
                not _mononym(" ".join(m.words)) or _THE.search(body, max(0, m.start - 4), m.start)
                or body[m.start - 1:m.start] == "-"):  # "Port-au-Prince"
            continue  # "the Director", "Justice", "Master Sgt." alone; "Prince" is the singer
        name = _resolve(m.words, fulls)
        if name is None and (lowered := _lowered_particle(m.words)):
            name = _resolve(lowered, fulls)
        known = _mononym(" ".join(m.words))
        if name is None and (m.evidence >= 2 or known):
            if len(m.words) > 1 or m.evidence >= _LISTED or known \
                    or _single_ok(m.words[0], body):
                name = known or " ".join(m.words)  # "Beyonce" is Beyoncé
        if name and not _brand(name):
            found.append(Entity("person", name, m.text, m.start, m.end))
    confirmed = {e.value for e in found}
    for name in fulls:
        if name not in confirmed and fulls[name] == "title" and not _brand(name):
            found.append(Entity("person", name, name, -1, -1))
    return found


def _characters(mentions: list[_Mention], body: str) -> set[tuple[str, ...]]:
    """The names of characters, ships and machines, wherever the article uses them: "Gaston
    (Luke Evans)", with the actor who plays him; "the character Laurel Lance", "her role as
    Black Siren", "the missile cruiser Pyotr Veliky", "a Sukhoi Su-33", and their names' parts
    ("Mr Darcy")."""
    named = set()
    for m in mentions:
        found = _NAMED_AS.search(body, max(0, m.start - 40), m.start)
        # not "his role as Trump's aide"
        if found and (found.group("ship") or not body.startswith(("'s", "’s"), m.end)) \
                or _SHIP_AFTER.match(body, m.end) or _MODEL.match(body, m.end):
            named.add(m.words)
    played = {m.words for m in mentions if (actor := _PLAYED_BY.match(body, m.end))
              and _actor(actor.group(1))}
    named |= _warships(body)
    return played | named | {w for words in named if len(words) > 1
                             for w in (words[:1], words[-1:])}


def _actor(name: str) -> bool:
    """Whether a name in brackets after another may be an actor's, as in "Gaston (Luke Evans)"
    or a translation's ("Shaltai Boltai (Humpty Dumpty)"): not a club's, an event's or a
    country's, as in "Igor Akinfeyev (CSKA Moscow FC)", "Kirill Merenkov (Men's Ski Cross)",
    "Hong Sangsoo (South Korea)"; but "Russkaya Arktika (Russian Arctic)" is a translation."""
    words = name.split()
    return not (any(w.isupper() or w.endswith(("'s", "’s")) for w in words)
                or words[-1].lower() in lexicon.places() and not _DEMONYM.fullmatch(words[0]))


def _warships(body: str) -> set[tuple[str, ...]]:
    """The names the text gives warships, whole and without a leading rank ("Admiral
    Kuznetsov", "Kuznetsov")."""
    out: set[tuple[str, ...]] = set()
    low = body.lower()  # few texts name a warship: look for the words first, at C speed
    if not any(w in low for w in _WARSHIP_WORDS) and not any(p in body for p in _NAVY_PREFIXES):
        return out
    for m in _WARSHIP.finditer(body):
        words = tuple(m.group(1).split())
        out.add(words)
        while words and words[0].rstrip(".").split("-")[-1] in lexicon.titles():
            words = words[1:]
        if words:
            out.add(words)
    return out


def _teams(mentions: list[_Mention], body: str) -> set[tuple[str, ...]]:
    """ "Astoria Walldorf 1-1 Arminia Bielefeld": two names with a score between them are
    teams, wherever the article names them."""
    return {m.words for a, b in zip(mentions, mentions[1:], strict=False)
            if _SCORE.fullmatch(body, a.end, b.start) for m in (a, b)}


# Family names with a capital inside: "McCain", "DeVos", "LaBruce", "DiCaprio", "FitzPatrick".
_FAMILY_PREFIX = re.compile(r"(?:Mc|Mac|De|Di|Da|Du|Del|Della|Des|La|Le|Lo|Van|Vander|Von|Fitz|"
                            r"Al|El|St|Ten|Ter)[A-Z]")
_CAPITAL_INSIDE = re.compile(r"[a-z][A-Z]")


def _brand(name: str) -> bool:
    """Whether a name ends in a word capitalised inside like a brand, not a family name:
    "Infortrend EonStor", "BlackRock", "WeWork" (not "Mitch McConnell", "Betsy DeVos"; a
    given name first may be so, "MaryAlice Parks")."""
    words = name.split()
    return len(words) <= 2 and bool(_CAPITAL_INSIDE.search(words[-1])) \
        and not _FAMILY_PREFIX.match(words[-1])


def _mononym(name: str) -> str | None:
    """The usual name of a person known by one name or a short form: "Beyonce" -> "Beyoncé";
    "Beyonc\ufffd\ufffd", with a letter lost to a bad conversion, too."""
    known = lexicon.mononyms().get(name)
    if known or "\ufffd" not in name:
        return known
    pattern = re.compile(re.escape(name).replace("\ufffd", ".?").replace(".?.?", ".{1,2}"))
    return next((v for k, v in lexicon.mononyms().items() if pattern.fullmatch(k)), None)


def _role_before(before: str) -> bool:
    """Whether a role ends the text before a name: "spokesman", "ex-frontbenchers"."""
    m = _LAST_WORDS.search(before)
    if m is None:
        return False
    if (m.group(1) or "").lower() == "best":
        return False  # "a best director Oscar": an award's category, not a role
    last = m.group(2).lower().strip("-")
    candidates = {last, last.rsplit("-", 1)[-1]}
    if m.group(1):
        candidates.add(f"{m.group(1).lower()} {last}")
    return any(c in _ROLE_SET or (c.endswith("s") and c[:-1] in _ROLE_SET)
               or _PROFESSION.fullmatch(c) for c in candidates)


def _coordinated(mentions: list[_Mention], body: str) -> None:
    """ "Tristram Hunt and Jamie Reed", "Trump, Bannon and Miller": a name listed beside a
    person's is a person's."""
    def known(m: _Mention) -> bool:  # "Drake and Kanye West": a stage name beside a full one
        return " ".join(m.words) in lexicon.mononyms()

    def person(m: _Mention) -> bool:
        return m.evidence >= 2 or known(m)

    def namelike(m: _Mention) -> bool:
        if m.evidence < 0:
            return False
        if len(m.words) > 1:
            return True
        low = m.words[0].lower()
        return (low in lexicon.surnames() or _foreign(m.words[0])) and not _ordinary(low) \
            and low not in lexicon.places()

    for _ in range(2):  # twice: along a list of three
        for a, b in zip(mentions, mentions[1:], strict=False):
            alike = (len(a.words) > 1) == (len(b.words) > 1) or known(a) or known(b)
            if alike and _AND.fullmatch(body[a.end:b.start]):
                if person(a) and namelike(b) or person(b) and namelike(a):
                    a.evidence = b.evidence = max(a.evidence, b.evidence, 2)


def _mentions(body: str) -> list[_Mention]:
    out: list[_Mention] = []
    # William "Billy" Boyette: the nickname is read as spaces, so the name is one run.
    masked = _NICKNAME.sub(lambda m: " " * len(m.group(0)), body)
    shadows: set[tuple[str, ...]] = set()
    if (odd := _odd_stage_names()) is not None and (found := list(odd.finditer(masked))):
        for m in found:  # "Chance the Rapper", "Anderson .Paak": read as one name, then masked
            out.append(_Mention(tuple(m.group(0).split()), m.start(), m.end(), 2, m.group(0)))
        masked = odd.sub(lambda m: "\x00" * len(m.group(0)), masked)  # ends the runs beside
    for match in _RUN.finditer(masked):
        # A possessive ends a name: "Germany's Siemens" is two runs.
        start = match.start()
        if _BRAND_SUFFIX.search(match.group(0)):
            continue  # "Carl's Jr.": a restaurant chain, not a man
        for piece in _POSSESSIVE.split(match.group(0)):
            for i, part in enumerate(_list_pieces(masked, start, piece)):
                if part.strip() and not (i and part.startswith("Best")):  # a category
                    out.extend(_from_run(body, start, part, shadows))
                start += len(part)
    # "El Nadeem Centre ... belonging to El Nadeem": the name of a place or body, used alone.
    out = [m for m in out if m.words not in shadows]
    out.extend(_family_lists(body))
    out.sort(key=lambda m: m.start)
    return out


_PLAIN = re.compile(r"[A-Z][a-z]+")


@lru_cache(maxsize=1)
def _odd_stage_names() -> re.Pattern[str] | None:
    """The stage names of mononyms.txt that runs of capitals cannot read whole: with a
    lowercase word, a "The", capitals or a word that starts with a dot ("Chance the Rapper",
    "Chance The Rapper", "Anderson .Paak", "DJ Khaled"), or which a list would swallow."""
    odd = sorted((n for n in lexicon.mononyms()
                  if " " in n and any(w == "The" or not _PLAIN.fullmatch(w) for w in n.split())),
                 key=len, reverse=True)
    if not odd:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in odd) + r")(?![\w])")


# A run that holds a list run together: an award's category ("Kanye West Best country solo
# performance", "Rihanna Best Pop Solo") or the next name's "The" ("Kelsea Ballerini The
# Chainsmokers") starts anew; not "George Best said".
_CATEGORY = (r"Best(?: [A-Z]| (?!(?:was|is|has|had|and|who|said|says|told|in|on|at|of|to|for|"
             r"with|will|would|could)\b|\w+(?:ed|s)\b)[a-z]+ [a-z]+)|"
             r"(?:Record|Album|Song) of the [Yy]ear")
_LIST_BREAK = re.compile(rf"(?<=[a-z.]) (?={_CATEGORY}|The [A-Z][a-z])")
_CATEGORY_AT = re.compile(_CATEGORY)


def _list_pieces(text: str, start: int, piece: str) -> list[str]:
    """The piece of a run, cut where a list run together starts anew (_LIST_BREAK); the cuts
    are read in the text after the piece too ("Rihanna Best pop duo")."""
    end = start + len(piece)
    if "Best" not in piece and "The " not in piece and " of" not in text[start:end + 4]:
        return [piece]
    cuts = [m.start() - start for m in _LIST_BREAK.finditer(text, start, min(len(text), end + 40))
            if m.start() < end]
    # one word before the cut is a title's last word or a band's first as often as an
    # artist's ("Cage The Elephant"), unless a stage name ("Rihanna Best pop duo")
    cuts = [c for i, c in enumerate(cuts) if " " in piece[cuts[i - 1] + 1 if i else 0:c].strip()
            or piece[cuts[i - 1] + 1 if i else 0:c].strip() in lexicon.mononyms()]
    if not cuts:
        return [piece]
    return [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]


def _from_run(body: str, start: int, run: str, shadows: set) -> list[_Mention]:
    """Split a run of capitals into the person mentions it holds (usually one, or none)."""
    if run.isalpha() and run.lower() in lexicon.not_names():
        return []  # "The", "But": one capitalised function word, the most common run
    mention = _Run(body, start, run, shadows).read()
    return [mention] if mention else []


class _Run:
    """One run of capitals, read down to the person's name it holds, if it holds one.

    `parts` are the run's words with their offsets in the body. The steps of `read()` run in
    order: each trims words that are no part of the name from `parts`, or says there is no
    person (returns False); `evidence` adds up what says the name is a person's.
    """

    def __init__(self, body: str, start: int, run: str, shadows: set) -> None:
        self.body, self.start, self.run, self.shadows = body, start, run, shadows
        self.parts = _run_words(run, start)
        self.before = body[max(0, start - 40):start]
        self.titled = bool((t := _TITLE_DOT.search(self.before)) and t.group(1) in lexicon.titles())
        self.roled = _role_before(self.before)
        # "featuring Maluma", not "featuring Disney's first gay moment"
        performer = not run.endswith(("'s", "’s")) and bool(_PERFORMER.search(self.before))
        self.evidence = 2 if self.titled or self.roled or performer else 0
        self.cut = 0  # how many words the front's titles and function words took
        self.words: tuple[str, ...] = ()
        self.place = False
        self.honorific = False  # "Mr Musk": the title says the word after it is a surname

    def read(self) -> _Mention | None:
        """The person mention the run holds, or None."""
        if self._plays_on_a_name() or self._doubles_a_word() or self._award_category():
            return None
        self._drop_outlet()
        if self._is_stage_name():  # "Lady Gaga": no title to strip
            e = self.parts[-1][0] + len(_bare(self.parts[-1][1]))
            s = self.parts[0][0]
            return _Mention(tuple(_bare(w) for _, w in self.parts), s, e, 2, self.body[s:e])
        for trim in self.TRIMS:
            if not trim(self):
                return None
        if len(self.parts) > _MOST_WORDS:
            return None  # a heading or a list run together: its suffixes were counted, quadratic
        self.words = tuple(_bare(w) for _, w in self.parts)
        for check in self.CHECKS:
            if not check(self):
                return None
        s, e, text = self._span()
        if _COMPANY_FORM.match(self.body, e):
            self.shadows.update((self.words, self.words[-1:]))  # "Carl Zeiss AG ... Zeiss"
            return None
        if _quoted_title(self.body, s, e) or (len(self.words) > 1 and _places_only(self.words)) \
                or _before_org_noun(self.body, e):
            return None  # "Saturday Night Live", "Hyde Park", "Leonard Cohen high school"
        self.evidence += _shape_evidence(self.words) + self._evidence_around(s, e)
        return _Mention(self.words, s, e, self.evidence, text)

    def _plays_on_a_name(self) -> bool:
        """ "Kim Kar-dijon": a play on a name; not "legend-Mark Hamill-shared"."""
        end = self.start + len(self.run)
        return bool(_HYPHEN_AFTER.match(self.body[end:end + 20])) \
            and not _DASH_BEFORE.search(self.body, max(0, self.start - 2), self.start)

    def _doubles_a_word(self) -> bool:
        """ "La La Land", "Baltimore Baltimore"; but "Zsa Zsa Gabor"."""
        parts = self.parts
        return any(a == b and (len(parts) == 2 or a.lower() in lexicon.english_words())
                   for (_, a), (_, b) in zip(parts, parts[1:], strict=False))

    def _award_category(self) -> bool:
        """ "Best Rock Song", "Best Music Video": an award's category, no one's name."""
        return self.parts[0][1] == "Best" and (len(self.parts) > 1
                                                or bool(_CATEGORY_AT.match(self.body, self.start)))

    def _drop_outlet(self) -> None:
        """ "Al Jazeera John Hendren": the outlet's name is no part of the person's."""
        outlet = _outlet_prefix(self.run)
        if outlet:
            self.parts = [(p, w) for p, w in self.parts if p >= self.start + outlet]

    def _is_stage_name(self) -> bool:
        return len(self.parts) > 1 and " ".join(_bare(w) for _, w in self.parts) \
            in lexicon.mononyms()

    def _strip_titles(self) -> bool:
        """Count the titles and roles in front ("Interior Minister", "Navy Seal"), to strip;
        False for a title-word used as an adjective ("the General Staff")."""
        parts = self.parts
        first_given = next(
            (i for i, (_, w) in enumerate(parts) if _bare(w).lower() in lexicon.first_names()
             and _bare(w).lower() not in lexicon.not_names()
             and _bare(w).rstrip(".") not in lexicon.titles()), None)
        if first_given is not None and len(parts) - first_given >= 3 \
                and _bare(parts[first_given][1]).lower() in _ROLE_SET \
                and _given(parts, first_given + 1):
            # "Medicine Dean William Strampel", "Judge Roy Moore": a role that is also a name
            self.parts, first_given = parts[first_given + 1:], 0
            self.evidence += 2
            parts = self.parts
        cut = 0
        for i, (_, w) in enumerate(parts[:-1]):
            if first_given is not None and i >= first_given:
                break
            if _bare(w).rstrip(".") in lexicon.titles():
                cut = i + 1
                self.evidence += 2
                self.honorific = self.honorific or _bare(w).rstrip(".") in _HONORIFICS
            elif i == cut and i <= len(parts) - 3 and _bare(w).lower() in _ROLE_SET:
                cut, self.roled = i + 1, True  # "Photographer Sheng Wen Lo"
                self.evidence += 2
            elif i <= len(parts) - 3 and f"{w} {parts[i + 1][1]}".lower() in _ROLE_SET:
                cut, self.roled = i + 2, True  # "Navy Seal William Owens"
                self.evidence += 2
                break
        self.cut = cut
        return not (0 < cut == len(parts) - 1 and _THE.search(self.before))

    def _strip_function_words(self) -> bool:
        """Strip the titles counted, and the capitalised function words and acronyms after
        them ("Per", "MP")."""
        parts, cut = self.parts, self.cut
        if cut == 0 and len(parts) > 1 and _PREFIX_BEFORE.search(self.before):
            cut = 1  # "the anti-Semitic Goebbels": the first word ends an adjective
        if cut < len(parts) - 1 and (glued := _GLUED_FRONT.match(parts[cut][1])) \
                and (glued.group(1).lower() in lexicon.not_names()
                     or glued.group(1).lower() in lexicon.breakers()) \
                and glued.group(1).lower() not in lexicon.first_names():  # not "Jan-Hendrik"
            parts = [*parts[:cut], (parts[cut][0] + glued.end(), parts[cut][1][glued.end():]),
                     *parts[cut + 1:]]  # "Police-Neil Basu": a hyphen for a lost space
        while cut < len(parts) and (_bare(parts[cut][1]).lower() in lexicon.not_names()
                                    or _is_particle(parts[cut][1]) or _is_acronym(parts[cut][1])):
            if (self.roled or self.titled) and cut == len(parts) - 2 \
                    and _bare(parts[cut][1]).lower() in lexicon.first_names() \
                    and _foreign(_bare(parts[-1][1])):
                break  # "prosecutor Christian Rohnke": a given name that is also a word
            cut += 1
        self.parts, self.cut = parts[cut:], cut
        return True

    def _strip_body_before_given(self) -> bool:
        """ "Escambia County Sheriff David Morgan", "State Rex Tillerson": a place's or a body's
        name, then a given name and a surname."""
        parts = self.parts
        given = next((i for i in range(1, len(parts)) if _given(parts, i)), None)
        if given is not None and any(_prefix_word(w) for _, w in parts[:given]):
            self.parts = parts[given:]
            self.evidence += 1
        return True

    def _has_no_breaker(self) -> bool:
        """A word of a place, work or organisation in the run ("Tower"): no person in it. The
        words before it name that place or body; used alone, they name no person either."""
        parts = self.parts
        breaking = next((i for i in range(len(parts)) if _breaker(parts, i)), None)
        if breaking is None:
            return True
        if breaking >= 2:
            self.shadows.add(tuple(_bare(w) for _, w in parts[:breaking]))
        return False

    def _strip_end(self) -> bool:
        """Strip function words, particles and the next name's title from the end ("Colorado
        Sen. Michael Bennet" is two runs), and a country after a full name ("Laura Kuenssberg
        Scotland"); nothing left, or an acronym in the run: no person."""
        parts = self.parts
        while parts and (_bare(parts[-1][1]).lower() in lexicon.not_names()
                         or _is_particle(parts[-1][1]) or self._next_ones_title(parts[-1])
                         or len(parts) >= 3 and _country_not_surname(parts[-1][1])
                         and _bare(parts[0][1]).lower() in lexicon.first_names()) \
                and not _surname_after_given(parts):
            parts = parts[:-1]
        self.parts = parts
        return bool(parts) and not any(_is_acronym(w) for _, w in parts)

    def _next_ones_title(self, part: tuple[int, str]) -> bool:
        """A short title with its dot ending the run ("Colorado Sen."): the next name's."""
        pos, word = part
        return len(word) <= 4 and word in lexicon.titles() \
            and self.body.startswith(".", pos + len(word))

    def _strip_organisation(self) -> bool:
        """ "Paris Airports Augustin de Romanet": an ordinary word ends an organisation's name;
        False when only an ordinary word is left ("Pineapple Air Command")."""
        parts = self.parts
        cut_at = max((i for i, (_, w) in enumerate(parts[:-2]) if _ordinary(_bare(w))),
                     default=-1)
        if cut_at < 0 or sum(not _is_particle(w) for _, w in parts[cut_at + 1:]) < 2:
            return True
        parts = parts[cut_at + 1:]
        while len(parts) > 1 and _bare(parts[0][1]).lower() in lexicon.not_names():
            parts = parts[1:]  # "Roll Over Beethoven"
        self.parts = parts
        return not (len(parts) == 1 and _ordinary(_bare(parts[0][1])))

    def _strip_everyday_first_word(self) -> bool:
        """ "Regarding Boyette," "Planned Parenthood", "Great Wall": an everyday word first is
        no given name (but "Mitt Romney", "Xi Jinping" have one)."""
        parts = self.parts
        if len(parts) != 2 or not _ordinary(_bare(parts[0][1])) or self.titled:
            return True
        if _sentence_start(self.body, parts[0][0]) and parts[0][1].endswith(("ing", "ed", "ly")):
            self.parts = parts[1:]  # "Regarding Boyette", not "Paddy Woodworth"
            return True
        return _bare(parts[1][1]).lower() not in lexicon.english_words()

    def _keep_last_two_without_given(self) -> bool:
        """ "Information Technology Miao Wei": without a given name first, keep the last two
        name words (or from the first given name on)."""
        parts = self.parts
        if len(parts) < 3 or _given_name(_bare(parts[0][1])) or self.cut \
                or self.titled or self.roled or _MIDDLE.fullmatch(_bare(parts[1][1])) \
                or parts[0][1] == parts[1][1]:  # "Zsa Zsa Gabor"
            return True
        given = next((i for i, (_, w) in enumerate(parts[1:-1], 1)
                      if _bare(w).lower() in lexicon.first_names() and not _is_particle(w)), None)
        if given is None:  # the last two name words, and any particle between them
            if self._one_foreign_name():
                return True  # "Recep Tayyip Erdogan", "Hong Yun Sik": all of it is the name
            given = len(parts) - 2
            while given > 0 and _is_particle(parts[given][1]):
                given -= 1
        given = max(given, _city_in_front(parts))  # "Los Angeles Pride": not "Angeles Pride"
        parts = parts[given:]
        while len(parts) > 1 and _bare(parts[0][1]).lower() in lexicon.not_names():
            parts = parts[1:]  # "Philadelphia In Philadelphia"
        self.parts = parts
        return True

    def _one_foreign_name(self) -> bool:
        """Whether the run is one person's name in a language the lists lack: no English word,
        place, initial or abbreviation in it, and its first word never used apart from it (not
        "Taoiseach Enda Kenny" in an article that says "the Taoiseach")."""
        words = [_bare(w) for _, w in self.parts if not _is_particle(w)]
        if _OF.search(self.before) or not _GIVEN_SHAPE.fullmatch(words[0]):
            return False  # "the University of Ghent Darya Safai", "Islamist Faylaq al-Rahman"
        if not all(_foreign(w) and "." not in w and w.lower() not in lexicon.cities()
                   for w in words):
            return False
        return _count(self.body, words[0]) <= _count(self.body, " ".join(words))

    def _strip_repeated_end(self) -> bool:
        """ "God bless Chuck Berry Chuck": a signature after the name (but "Mohamed Abdullahi
        Mohamed"); "James Comey Comey": a caption's name, then the text's."""
        parts = self.parts
        if len(parts) >= 3 and parts[-1][1] == parts[0][1] \
                and _bare(parts[0][1]).lower() not in lexicon.surnames():
            parts = parts[:-1]
        if len(parts) >= 3 and parts[-1][1] == parts[-2][1]:
            parts = parts[:-1]
        self.parts = parts
        return True

    def _not_one_word_repeated(self) -> bool:
        """ "Baltimore Baltimore": a heading, then the place again; "Susan Collins, R-Maine",
        "(R-South Carolina)": a senator's party and state."""
        return not (len(self.words) > 1 and len(set(self.words)) == 1
                    or _PARTY_STATE.fullmatch(self.words[0]))

    def _lone_word_may_be_a_name(self) -> bool:
        """One word alone: not an everyday word ("Allied", "won an Oscar"), a word after "the"
        that is no known name ("to the Holyland"; but "the Trump administration"), a sentence's
        first word ("Separately, ..."), a town or a storm ("the town of Proserpine")."""
        words, body = self.words, self.body
        if len(words) != 1:
            return True
        word, at = words[0], self.parts[0][0]
        # "his compatriot Hulk", "midfielder Oscar": a role before a word makes it a name
        roled = not _sentence_start(body, at) and not self.run.endswith(("'s", "’s")) \
            and bool(last := _LAST_WORDS.search(self.before)) and last.group(2).lower() in _PLAYERS
        if word in _AWARDS and not roled:
            return False  # "a best picture Oscar": an award, alone
        if (_ordinary(word) and not (self.honorific and len(word) > 2) and not roled
                or _A_AN.search(body, max(0, at - 4), at)) and word not in lexicon.mononyms():
            return False
        if _THE.search(body, max(0, at - 4), at) and not _known_name(word):
            return False
        if (word.endswith("ly") or _ordinary(word)) and _sentence_start(body, at):
            return False
        return not _storm(word, body)

    def _not_a_named_place_or_event(self) -> bool:
        """ "the coastal city of Vina del Mar", "the town of Proserpine", "the 2017 Winter
        Universiade"."""
        before = self.body[max(0, self.parts[0][0] - 30):self.parts[0][0]]
        # "the 2016 Hillary Clinton campaign", "the 1974 Warren Beatty film" name a person
        first, last = self.words[0], self.words[-1].lower()
        named = _given_name(first) and (first.lower() not in lexicon.english_words()
                                        or len(self.words) > 1 and last in lexicon.surnames())
        return not (_PLACE_BEFORE.search(before) or _YEAR_BEFORE.search(before)
                    and not named and not self.titled and not self.roled)

    def _not_an_organisation(self) -> bool:
        """ "Morgan Stanley", "Sinn Fein", "samba school Mocidade Independente", "a fictional
        Carl Hardee Sr."."""
        at = self.parts[0][0]
        end = self.parts[-1][0] + len(self.parts[-1][1])
        if _BODY_BEFORE.search(self.before) and not _given_name(self.words[0]) \
                and not _SAYS.match(self.body[end:end + 80]):
            return False  # "the travel site Trippa Vendu"; "manufacturer Andrei Boginsky said"
        return not (lexicon.is_organisation(" ".join(self.words)) or _ORG_BEFORE.search(self.before)
                    or _FICTIONAL.search(self.body, max(0, at - 40), at)
                    or _ORG_APPOSITION.match(self.body, end))

    def _not_a_place(self) -> bool:
        """ "Visiting Germany", "China Aerospace Science", "West Yorkshire", "South Carolina",
        "in Sanford", "Englewood, New Jersey"."""
        words, parts, body = self.words, self.parts, self.body
        first, last = words[0].lower(), words[-1].lower()
        if len(words) > 1 and last in lexicon.places() and last not in lexicon.surnames() \
                and first not in lexicon.first_names():
            return False
        if len(words) == 2 and _ordinary(first) and last in lexicon.places():
            return False  # "Radio France", "Resilience Ireland": a body of the country
        if first in lexicon.places() and first not in lexicon.surnames():
            return False
        if words[-1].endswith("shire"):
            return False  # an English county
        self.place = place = " ".join(words).lower() in lexicon.cities()
        end = parts[-1][0] + len(parts[-1][1])
        if place and len(words) > 1 and not self.titled and not self.roled \
                and not _SAYS.match(body[end:end + 80]):
            return False  # a state's or a city's name
        if len(words) > 1 and words[-1] in _STREETS \
                and _FROM_PLACE.search(body, max(0, parts[0][0] - 8), parts[0][0]):
            return False  # "detectives from Kevin Street", "a house on Fox Walk"
        return not (place and not self.titled and not self.run.endswith(("'s", "’s")) and (
            _LOCATIVE.search(body, max(0, parts[0][0] - 8), parts[0][0])
            or _in_region(body, end)))

    def _no_word_that_is_no_name(self) -> bool:
        """A word after the first that is never part of a name (but "Day", and a surname that
        is also such a word after a given name: "Theresa May")."""
        return not any(w.lower() in lexicon.not_names() and w not in ("Day",)
                       and not (i == len(self.words) - 1 and _surname_after_given(self.parts))
                       for i, w in enumerate(self.words[1:], 1))

    def _span(self) -> tuple[int, int, str]:
        """Where the name is in the body, and its text, without a possessive."""
        s = self.parts[0][0]
        e = self.parts[-1][0] + len(self.parts[-1][1])
        text = self.body[s:e]
        if text.endswith(("'s", "’s")):
            e -= 2
            text = text[:-2]
        return s, e, text

    def _evidence_around(self, s: int, e: int) -> int:
        """What the text around the name says: a verb of saying after it, a given name the
        article keeps using, an apposition, a photo credit, "played by"."""
        words, body = self.words, self.body
        evidence = 0
        # "a director at Savills, said": one word after "at" is a place or a firm, not a speaker.
        says = _SAYS.match(body[e:e + 80])
        if says and not (len(words) == 1 and _AT.search(body[max(0, s - 12):s])):
            last = words[-1].lower()
            known = last in lexicon.surnames() or last in lexicon.first_names()
            evidence += 1 if len(words) > 1 or not known else 2
            if len(words) == 1 and not known and says.group(0).split()[-1] in _SPEAKING \
                    and _HE_OR_SHE.search(body, e, e + 120):
                evidence += 1  # "Comey said ... He added": a speaker the pronoun says is a person
        if len(words) == 1 and words[0].lower() in lexicon.first_names() and not self.place and \
                _count(body, words[0]) >= 3:
            evidence += 2  # a given name the article keeps using: "Jamal"
        if (app := _APPOSITION.match(body[e:e + 90])) and not _group_role(words, app.group(0)) \
                or _PHOTO_CREDIT.match(body, e) \
                or len(words) > 1 and _BY_PERSON.search(body, max(0, s - 20), s) \
                or _CREDIT_BEFORE.search(body, max(0, s - 6), s) and _CREDIT_AFTER.match(body, e) \
                or _AGE_APPOSITION.match(body, e) \
                or _SAID_BEFORE.search(body, max(0, s - 14), s) and body[e:e + 1] in (".", ",") \
                and not _ordinary(words[-1]):
            evidence += 2
        if len(words) > 1 and _ordinary(words[-1]) and words[-1] in _tokens(body)[2]:
            evidence += 2  # "CEO Elon Musk ... Mr Musk said": no everyday word, a surname
        return evidence

    # The steps of read(), in order: those that trim the run, then those that check its words.
    TRIMS = (_strip_titles, _strip_function_words, _strip_body_before_given, _has_no_breaker,
             _strip_end, _strip_organisation, _strip_everyday_first_word,
             _keep_last_two_without_given, _strip_repeated_end)
    CHECKS = (_not_one_word_repeated, _lone_word_may_be_a_name, _not_a_named_place_or_event,
              _not_an_organisation,
              _not_a_place, _no_word_that_is_no_name)


def _group_role(words: tuple[str, ...], apposition: str) -> bool:
    """ "Radiohead, songwriters": a plural role after one word names a band, not a person."""
    last = apposition.split()[-1].lower()
    return len(words) == 1 and last.endswith("s") and last[:-1] in _ROLE_SET \
        and " one of " not in apposition  # "He Jiahong, one of China's leading legal experts"


def _run_words(run: str, start: int) -> list[tuple[int, str]]:
    """The run's words with their offsets in the body; "Chairman-Sean" is a title and a name."""
    parts = []
    for m in _SPLIT.finditer(run):
        p, w = m.start() + start, m.group(0)
        head, _, rest = w.partition("-")
        parts += [(p, head), (p + len(head) + 1, rest)] if rest and head in lexicon.titles() \
            else [(p, w)]
    return parts


def _shape_evidence(words: tuple[str, ...]) -> int:
    """What a name's own words say: a given name first, a surname last, or words of no
    language's dictionary; an everyday word last says the opposite ("Song Contest")."""
    if len(words) < 2:
        return 0
    evidence = 0
    last = words[-2] if words[-1] in _SUFFIXES and len(words) > 2 else words[-1]
    given = _given_name(words[0])
    if given:
        evidence += 2
    if given and len(words) > 2 and words[-2] in _CAPITAL_PARTICLES:
        evidence += 1  # "Marine Le Pen", "Robert De Niro": a particle makes the last a surname
    elif last.lower() in lexicon.surnames():
        evidence += 1
        if words[0].lower() not in lexicon.first_names() and not _is_acronym(words[0]) \
                and all(_foreign(w) for w in words if not _is_particle(w)) \
                and " ".join(words).lower() not in lexicon.cities():
            evidence += 1  # "Benoit Hamon", "Ilich Ramirez Sanchez": a given name the list lacks
    elif _ordinary(last):
        evidence -= 2  # "Song Contest", "Dakota Access", "Best Actress"
    elif all(_foreign(w) for w in words if not _is_particle(w)):
        evidence += 2  # "Anis Amri", "Valerien Ismael": no English word, no place
    return evidence


# Awards named like people, used alone ("Tony" is too often a man's name to be one).
_AWARDS = frozenset("Oscar Oscars Emmy Emmys Grammy Grammys Bafta Baftas".split())
_CAPITAL_PARTICLES = frozenset("Le La De Du Des Van Von Di Da Del Della Dos Das Al El".split())


def _lowered_particle(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """ "Von der Leyen", a sentence's first words, as "Ursula von der Leyen" writes them."""
    if len(words) > 1 and words[0] in _CAPITAL_PARTICLES:
        return (words[0].lower(), *words[1:])
    return None


def _given_name(word: str) -> bool:
    """A given name of the list, or one joined to another by a hyphen ("Jean-Yves")."""
    low = word.lower()
    return low in lexicon.first_names() or "-" in low and low.split("-")[0] in lexicon.first_names()


def _family_lists(body: str) -> list[_Mention]:
    """Names listed as someone's children: "four children: North, Saint, Chicago and Psalm"."""
    out = []
    for m in re.finditer(r"\b(?:children|kids|sons|daughters|grandchildren|twins|siblings|"
                         r"brothers|sisters)\b", body):
        rest = body[m.end():m.end() + 80]
        first = re.match(r"[^.;A-Z]{0,20}?[:—–-]?\s*([A-Z][a-z]+)\b", rest)
        if not first or _PREPOSITION.search(rest, 0, first.start(1)):
            continue  # "charity for kids in Colombia, Shakira's": a place, not a child
        names = [(m.end() + first.start(1), first.group(1))]
        pos = first.end()
        while item := _LIST_ITEM.match(rest[pos:]):
            names.append((m.end() + pos + item.start(1), item.group(1)))
            pos += item.end()
        if len(names) >= 2:
            out.extend(_Mention((n,), s, s + len(n), _LISTED, n) for s, n in names)
    for m in _CALLED.finditer(body):
        if m.group(1).lower() in lexicon.first_names():
            out.append(_Mention((m.group(1),), m.start(1), m.end(1), _LISTED, m.group(1)))
    return out


def _full_names(mentions: list[_Mention], title: str, body: str) -> dict[str, str]:
    """The article's multi-word names, in order of first mention: name -> "body" or "title"."""
    fulls = _body_full_names(mentions, body)
    _add_headline_names(fulls, mentions, title)
    return fulls


def _body_full_names(mentions: list[_Mention], body: str) -> dict[str, str]:
    """The body's multi-word names with evidence enough, each under its fullest form: a name
    that ends a longer one found before it ("Vance" of "Cyrus R. Vance Jr.") or leaves out
    its middle name ("James Jackson") adds nothing; a later fuller one replaces it."""
    found = _FoundNames()
    for m in mentions:
        lowered = _lowered_particle(m.words)
        if len(m.words) > 1 and _vouched(m, body) and not found.shortened(m.words) \
                and not (lowered and found.shortened(lowered)):
            if len(m.words) > 2:  # "James Jackson" gives way to "James Harris Jackson"
                found.drop(m.words[0], m.words[-1])
            found.add(m.words)
    return found.names


class _FoundNames:
    """The full names found so far, with tables of what they shorten to, so a new name is looked
    up instead of compared with each one found (quadratic: 9 of the 23 s of a 2 MB text)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.ends: Counter = Counter()  # each name's proper endings, as _is_suffix reads them
        self.ends_plain: Counter = Counter()  # the same with a generational suffix left out
        self.first_last: Counter = Counter()  # names of three words or more by first and last

    def shortened(self, words: tuple[str, ...]) -> bool:
        """Whether a found name ends with these words or is them with its middle left out."""
        ends = self.ends if words[-1] in _SUFFIXES else self.ends_plain
        return ends[words] > 0 or len(words) == 2 and self.first_last[words] > 0

    def add(self, words: tuple[str, ...]) -> None:
        name = " ".join(words)
        if name not in self.names:
            self._count(words, 1)
        self.names[name] = "body"

    def drop(self, first: str, last: str) -> None:
        """Forget the two-word name `first last`, if found."""
        name = f"{first} {last}"
        if name in self.names:
            del self.names[name]
            self._count((first, last), -1)

    def _count(self, words: tuple[str, ...], by: int) -> None:
        plain = words[:-1] if words[-1] in _SUFFIXES else words
        for k in range(1, len(words)):
            self.ends[words[k:]] += by
        for k in range(1, len(plain)):
            self.ends_plain[plain[k:]] += by
        if len(words) > 2:
            self.first_last[(words[0], words[-1])] += by


def _vouched(m: _Mention, body: str) -> bool:
    """Whether a multi-word mention has evidence enough to be a full name. "Kanye West ... West
    said": a last name used alone elsewhere vouches for the full one."""
    return m.evidence >= 2 or m.evidence == 1 and _used_alone(m.words, body)


def _add_headline_names(fulls: dict[str, str], mentions: list[_Mention], title: str) -> None:
    """Add a name of the headline when the body uses its last word as a name too ("title")."""
    last_words = {m.words[-1] for m in mentions}
    body_words = last_words | {m.words[0] for m in mentions}
    pieces = (p for run in _RUN.finditer(title) for p in _POSSESSIVE.split(run.group(0)))
    for piece in pieces:  # "Rachel Maddow's Trump Tax Report": the name ends at "'s"
        words = [_bare(w) for w in _SPLIT.findall(piece)]
        for i, w in enumerate(words):
            if w in lexicon.titles() or w.lower() not in lexicon.first_names() \
                    and w not in body_words:
                continue  # not "Bishop Eamon Casey" but "Eamon Casey"
            cand = _headline_name(words, i, last_words)
            if cand and " ".join(cand) not in fulls \
                    and not any(_is_suffix(cand, f.split()) for f in fulls):
                for f in [f for f in fulls if _is_suffix(f.split(), cand)]:
                    del fulls[f]
                fulls[" ".join(cand)] = "title"


def _headline_name(words: list[str], i: int, last_words: set[str]) -> list[str] | None:
    """The three or two headline words from `i` that make a name: the body uses the last as a
    name, and none is an everyday word, a place or a word that is never a name ("Menken
    Calls LeFou")."""
    for n in (3, 2):
        cand = words[i:i + n]
        last = cand[-1].lower()
        if len(cand) == n and cand[-1] in last_words and last not in lexicon.not_names() \
                and last not in lexicon.breakers() and last not in lexicon.places() \
                and not any(c.lower() in lexicon.not_names() for c in cand) \
                and not all(c.lower() in lexicon.english_words() for c in cand) \
                and not any(_ordinary(c) for c in cand[1:]):
            return cand
    return None


def _middle_left_out(short: tuple[str, ...] | list[str], long: tuple[str, ...] | list[str]) -> bool:
    """ "James Jackson" is "James Harris Jackson" with the middle name left out."""
    return len(short) == 2 and len(long) > 2 and short[0] == long[0] and short[1] == long[-1]


def _resolve(words: tuple[str, ...], fulls: dict[str, str]) -> str | None:
    """The full name a mention stands for in this article: None if none fits, "" if several do.

    The full names are looked up in tables made once per article (comparing each mention
    with every full name was quadratic: 2,000 names, 18 s).
    """
    name = " ".join(words)
    if name in fulls:
        return name
    ends, ends_plain, middles, firsts, hyphened = _resolve_tables(fulls)
    # _is_suffix: a name's generational suffix ("Jr.") is dropped unless the mention has one.
    found = (ends if words[-1] in _SUFFIXES else ends_plain).get(tuple(words))
    if found is not None:
        return found
    longer = middles.get((words[0], words[1])) if len(words) == 2 else None
    if longer is not None and len(longer) == 1:
        return longer[0]
    if len(words) == 1:
        given = firsts.get(words[0], [])
        if len(given) == 1:
            return given[0]
        if given:
            return ""  # "Kim" in an article about Kim Jong Un and Kim Jong Nam: which one?
        joined = hyphened.get(words[0], [])
        if len(joined) == 1:
            return joined[0]  # "Judge Aylmer" is John Francis-Aylmer
    return None


_resolve_cache: tuple = (None, -1, None)


def _resolve_tables(fulls: dict[str, str]) -> tuple[dict, dict, dict, dict, dict]:
    """For _resolve, by the first full name (in order) each fits: the names' proper endings
    as written, and with a generational suffix left out (_is_suffix); the names of three
    words or more by first and last word (_middle_left_out); every name by its first word;
    the names whose surname is hyphenated, by its last part."""
    global _resolve_cache
    held, size, tables = _resolve_cache
    if held is fulls and size == len(fulls):
        return tables
    ends: dict = {}
    ends_plain: dict = {}
    middles: dict = {}
    firsts: dict = {}
    hyphened: dict = {}
    for f in fulls:
        long = f.split()
        plain = long[:-1] if long and long[-1] in _SUFFIXES else long
        for k in range(1, len(long)):
            ends.setdefault(tuple(long[k:]), f)
        for k in range(1, len(plain)):
            ends_plain.setdefault(tuple(plain[k:]), f)
        if len(long) > 2:
            middles.setdefault((long[0], long[-1]), []).append(f)
        firsts.setdefault(long[0], []).append(f)
        if "-" in long[-1]:
            hyphened.setdefault(long[-1].rsplit("-", 1)[1], []).append(f)
    tables = (ends, ends_plain, middles, firsts, hyphened)
    _resolve_cache = (fulls, len(fulls), tables)
    return tables


@lru_cache(maxsize=8)
def _tokens(body: str) -> tuple[Counter, frozenset[str], frozenset[str]]:
    """The body's words with their counts, the names it gives storms (and sees and counties),
    and the words it writes after "Mr" or "Mrs" (surnames); once per article."""
    storms = frozenset(m.group(1) for m in _STORM.finditer(body)) | frozenset(
        m.group(1) or m.group(2) for m in _SEE.finditer(body))
    titled = frozenset(m.group(1) for m in _HONORED.finditer(body))
    return Counter(_TOKEN_RE.findall(body)), storms, titled


@lru_cache(maxsize=8)
def _word_starts(body: str) -> dict[str, list[int]]:
    """Where each of the body's words starts; once per article, when a phrase is counted."""
    starts: dict[str, list[int]] = {}
    for m in _TOKEN_RE.finditer(body):
        starts.setdefault(m.group(0), []).append(m.start())
    return starts


def _count(body: str, phrase: str) -> int:
    """How often a word or phrase occurs in the body as whole words."""
    if _TOKEN_RE.fullmatch(phrase):
        return _tokens(body)[0][phrase]
    # As re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", body) counts, without compiling a
    # pattern for every phrase of every article (a tenth of the extraction time), and looking
    # only where the phrase's first word starts (searching the whole body for each name was
    # quadratic).
    lead = _TOKEN_RE.match(phrase)
    if lead is None:
        return _scan_count(body, phrase)
    found, free, end = 0, 0, len(phrase)
    for at in _word_starts(body).get(lead.group(0), ()):
        if at >= free and body.startswith(phrase, at) and \
                (at + end >= len(body) or not _word_char(body[at + end])):
            found += 1
            free = at + end
    return found


def _scan_count(body: str, phrase: str) -> int:
    """_count for a phrase that starts with no word character: found by searching the body."""
    found, start, end = 0, 0, len(phrase)
    while (at := body.find(phrase, start)) != -1:
        if (at == 0 or not _word_char(body[at - 1])) and \
                (at + end >= len(body) or not _word_char(body[at + end])):
            found += 1
            start = at + max(end, 1)
        else:
            start = at + 1
    return found


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _used_alone(words: tuple[str, ...], body: str) -> bool:
    full = _count(body, " ".join(words))
    return any(_count(body, w) > full for w in (words[0], words[-1]))


def _storm(word: str, body: str) -> bool:
    """ "Debbie could end up as severe as Yasi": a storm's name, as the article calls it; or a
    place's, as a see's or a county's ("the Bishop of Kerry", "Co Kerry")."""
    return word in _tokens(body)[1]


def _sentence_start(body: str, pos: int) -> bool:
    """Whether `pos` starts the text or follows the end of a sentence, a quote or a colon."""
    before = body[max(0, pos - 200):pos].rstrip()
    return (before[-1:] or ".") in ".!?\"”:\n"


def _outlet_prefix(run: str) -> int:
    """The length of an outlet's name the run starts with ("Al Jazeera John Hendren"), or 0."""
    m = outlet_at(run)
    if m is None:
        return 0
    rest = run[m:]
    if rest[:1] in ("", " "):
        return m + 1
    return m + 3 if rest[:3] in ("'s ", "’s ") else 0


def _single_ok(word: str, body: str) -> bool:
    low = word.lower()
    return not (low in lexicon.places() or low in lexicon.not_names()
                or low in lexicon.breakers() or _count(body, low))


def _is_suffix(short: tuple[str, ...] | list[str], long: list[str]) -> bool:
    """ "Vance" ends "Cyrus R. Vance Jr.", "Crook" ends "Lawrence Crook III"."""
    if long and long[-1] in _SUFFIXES and short[-1] not in _SUFFIXES:
        long = long[:-1]
    return len(short) < len(long) and list(long[-len(short):]) == list(short)


def _bare(word: str) -> str:
    word = word[:-2] if word.endswith(("'s", "’s")) else word
    return word.rstrip("'’")


def _given(parts: list[tuple[int, str]], i: int = 0) -> bool:
    """Whether the parts from the i-th start with a given name followed by more of a name (an
    index, not a slice: slicing at each word of a long run was quadratic)."""
    if len(parts) - i < 2:
        return False
    first = _bare(parts[i][1])
    return first.lower() in lexicon.first_names() \
        and first.lower() not in lexicon.not_names() and not _ordinary(_bare(parts[i + 1][1]))


def _country_not_surname(word: str) -> bool:
    """A country, region or capital that is no family name too ("Europe", "China"; not
    "France", as in Cécile de France)."""
    low = _bare(word).lower()
    return low in lexicon.places() and low not in lexicon.surnames()


def _city_in_front(parts: list[tuple[int, str]]) -> int:
    """How many words a city of several words takes at the front of a run ("Los Angeles",
    "Sierra Leone"): cut in two, it leaves half a city before the name; 0 if none, or if
    nothing would be left after it."""
    for k in (3, 2):
        if k < len(parts) and " ".join(_bare(w) for _, w in parts[:k]).lower() in lexicon.cities():
            return k
    return 0


def _prefix_word(word: str) -> bool:
    """A word that starts a place's or organisation's name, not a person's."""
    if re.fullmatch(r"[A-Z]\.", word):
        return False  # an initial: "Cyrus R. Vance"
    low = _bare(word).rstrip(".").lower()
    return low in lexicon.breakers() or low in lexicon.places() or _ordinary(low) \
        or low in lexicon.not_names() or word.rstrip(".") in lexicon.titles()


def _breaker(parts: list[tuple[int, str]], i: int) -> bool:
    """A word that makes the run a place, work or body ("Tower", "Temples").

    Not "Bill" before a surname, nor "Hill" or "Banks" after a given name.
    """
    low, n = _bare(parts[i][1]).lower(), len(parts)
    # "Bill de Blasio": two name words (counted only here: for every word, it was quadratic)
    if i == 0 and low in lexicon.first_names() \
            and sum(not _is_particle(w) for _, w in parts) == 2:
        return False
    if i == n - 1 and _surname_after_given(parts) \
            and _bare(parts[-2][1]).lower() not in lexicon.english_words():  # not "Golden Bay"
        return False
    return low in lexicon.breakers() or (i == n - 1 and low.endswith("s")
                                         and low[:-1] in lexicon.breakers())


def _surname_after_given(parts: list[tuple[int, str]]) -> bool:
    """ "Theresa May", "Jack Black": a word that is also a surname, after a given name."""
    if len(parts) < 2:
        return False
    given, last = _bare(parts[-2][1]).lower(), _bare(parts[-1][1]).lower()
    return last in lexicon.surnames() and given in lexicon.first_names() \
        and given not in lexicon.not_names()


def _known_name(word: str) -> bool:
    low = word.lower()
    return low in lexicon.surnames() or low in lexicon.first_names() or word in lexicon.mononyms()


def _ordinary(word: str) -> bool:
    """An everyday English word that is not also a given name or a surname ("Contest")."""
    low = word.lower()
    return low in lexicon.english_words() and low not in lexicon.first_names() \
        and low not in lexicon.surnames()


def _foreign(word: str) -> bool:
    """A capitalised word that is no English word, place or organisation word: likely a name."""
    low = word.rstrip(".").lower()
    return len(low) > 1 and low not in lexicon.english_words() and low not in lexicon.places() \
        and low not in lexicon.not_names() and low not in lexicon.breakers()


def _is_particle(word: str) -> bool:
    return word.islower()


def _is_acronym(word: str) -> bool:
    """ "NATO", "CEO"; in the plural too ("GPs", "MPs", "TDs")."""
    w = word.replace(".", "").replace("-", "")
    if len(w) >= 3 and w.endswith("s") and w[:-1].isalpha() and w[:-1].isupper():
        w = w[:-1]
    return len(w) >= 2 and w.isupper() and "." not in word and w not in _ORDINALS


def _quoted_title(body: str, start: int, end: int) -> bool:
    """True for a name inside a quoted title ("Saturday Night Live", "Keeping Up with ...")."""
    # Only a quote at most 40 characters before the name can open a title; the text before
    # that is not read (reading back to the paragraph's start, per name, was quadratic).
    lo = max(0, start - 41)
    para = body.rfind("\n", max(0, lo - 1), start) + 1 or lo
    # Inside quotes: the last straight quote before it opens one (a space or nothing before
    # it, a word after it), or a curly one is still open. ('name," John Lennon said' follows
    # a closing quote.)
    straight, curly = body.rfind('"', para, start), body.rfind("“", para, start)
    if straight > curly and (straight == 0 or body[straight - 1] in " (\t\n") \
            and body[straight + 1:straight + 2] not in ("", " "):
        q = straight
    elif curly > body.rfind("”", para, start) and curly > straight:
        q = curly
    else:
        return False
    inner = body[q + 1:start]
    after = body[end:end + 40]
    # Everything between the quote and the name is title-case: a title, not a quotation.
    if inner.strip() and not all(w[:1].isupper() or w in ("with", "the", "of", "and", "a", "in")
                                 for w in inner.split()):
        return False
    return bool(re.match(r"[^\"”.]{0,40}?[,.]?[\"”]", after)) and not re.match(
        r"\s*[,.]?[\"”]\s+(?:said|says)", after)


# A company's legal form after its name: "Rosneft Deutschland GmbH", "Netas Telekomunikasyon AS".
_COMPANY_FORM = re.compile(r"\s+(?:GmbH|AG|A\.?S|ASA|S\.?A|SE|N\.?V|B\.?V|S\.?p\.?A|Oyj|AB|KG|"
                           r"Ltd|Limited|Inc|Corp|Corporation|LLC|PLC|plc|PJSC|OJSC|JSC|Pty)\b")
_REGION = re.compile(r",\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?!['’\w])")


def _in_region(body: str, end: int) -> bool:
    """ "Englewood, New Jersey": a name followed by a state's or country's is a town."""
    m = _REGION.match(body, end)
    return bool(m) and (m.group(1).lower() in lexicon.places() or m.group(1) in _US_STATES)


_US_STATES = frozenset(
    "New Jersey|New York|New Mexico|New Hampshire|North Carolina|South Carolina|North Dakota|"
    "South Dakota|West Virginia|Rhode Island".split("|"))


def _places_only(words: tuple[str, ...]) -> bool:
    return all(w.lower() in lexicon.places() for w in words)


def _before_org_noun(body: str, end: int) -> bool:
    """True when a lowercase noun makes the name part of a place's ("... high school")."""
    m = re.match(r"\s+(?:high\s+)?([a-z]+)", body[end:end + 30])
    return bool(m) and m.group(1) in {"nomination", "nominations", "nod", "nods", "winner",
                                      "school", "airport", "street", "hospital", "university",
                                      "college", "station", "bridge", "stadium", "museum",
                                      "square", "avenue", "road", "building", "foundation",
                                      "institute", "center", "centre", "award", "prize", "area",
                                      "district", "neighbourhood", "neighborhood", "estate",
                                      "lorry", "truck", "van", "store", "stores", "shop",
                                      "shops"}
