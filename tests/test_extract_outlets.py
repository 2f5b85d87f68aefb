"""Outlets: cited outlets, ordinary-word names only in citations, the publisher, URLs."""

import pytest

from archive.extract import extract, outlet_from_url


def outlets(body: str, publisher: str | None = None) -> tuple[str, ...]:
    return extract("", body, None, publisher).outlets


@pytest.mark.parametrize(
    "body, expected",
    [
        ("She filed new documents, according to E! News.", ("E! News",)),
        ("Per her court documents, obtained by People, the marriage is over.", ("People",)),
        ('She is "ready for the small experiences" (via Complex).', ("Complex",)),
        ("Multiple sources confirmed to In Touch that she wants to move on.", ("In Touch",)),
        ("A source told In Touch the couple split.", ("In Touch",)),
        ("TMZ reported the split first.", ("TMZ",)),
        ("The video went viral (H/T Uproxx).", ("Uproxx",)),
        ("Sources tell People the couple split.", ("People",)),
        ("Variety reports the show is cancelled.", ("Variety",)),
        ("LOS ANGELES (Variety.com) - The artist died on Sunday.", ("Variety",)),
        ("The photos were first shared with Us Weekly.", ("Us Weekly",)),
        ("Zypries told public broadcaster Deutschlandfunk in an interview.", ("Deutschlandfunk",)),
        ("mp (DPA/Reuters)", ("dpa", "Reuters")),
        ("The New York Times notes that he has not returned.", ("The New York Times",)),
        ("The French daily Liberation ran the cartoon.", ("Libération",)),
        ("Papers such as Le Monde, Liberation and Le Figaro agreed.",
         ("Le Monde", "Libération", "Le Figaro")),
        # Local stations: a network's channel number, a channel's news.
        ('"It is a statement," she told ABC 15.', ("ABC 15",)),
        ("She told local news operation 12 News on Friday.", ("12 News",)),
        # Someone told an outlet the list does not know; never a person.
        ("Jeff Whitman told AZ Family.com. He suggested other symbols.", ("AZ Family.com",)),
        ("A spokesman told BFMTV the school was evacuated.", ("BFMTV",)),
        ("Jeff Whitman told Jane Moore the news.", ()),
        ("The minister told Parliament on Monday.", ()),
        # A credit's other agencies count once one of them is known.
        ("Watzke promised to find them. mp/jh (DPA/SID)", ("dpa", "SID")),
        # Newspapers of the world, and a city's possessive before a channel.
        ("Titov said in an interview with Rossiyskaya Gazeta daily.", ("Rossiyskaya Gazeta",)),
        ("He said during a show on Bratislava's TA3 TV channel.", ("TA3",)),
        ("Huntsman said to The Salt Lake Tribune at the time.", ("The Salt Lake Tribune",)),
        # An affiliate's call sign; a quoted magazine; the usual spelling of an agency.
        ("The victim's father told ABC affiliate WEAR in Pensacola.", ("WEAR",)),
        ("CNN affiliate WJZ's Ron Matz tweeted a wet road. CNN affiliate in Boston WHDH "
         "captured the snow.", ("WJZ", "WHDH")),
        ('Condon revealed it in an interview with the magazine "Attitude."', ("Attitude",)),
        ("Bill Condon told the British magazine Attitude that it was subtle.", ("Attitude",)),
        ("Russian state-run news agency Tass reported it.", ("TASS",)),
        # A word-name in a list beside known outlets; a channel named by its kind.
        ("The list includes websites of RT, Channel One, NTV, Ren TV, RBC, and Gazeta.ru.",
         ("RT", "Channel One", "NTV", "Ren TV", "RBC", "Gazeta.ru")),
        # A place before "newspaper" is not the paper; an outlet's name is no person's.
        ("Bogota newspaper El Espectador blasted the gaffe. El Espectador's office was bombed.",
         ("El Espectador",)),
    ],
)
def test_cited_outlets(body, expected):
    assert outlets(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "People were worried about sending their children to school.",
        "It is a complex problem. Time will tell.",
        "She is a star. Extra time was played.",
        "The variety of dishes was impressive.",
        "He drove, according to the police. People gathered outside.",  # not across a sentence
        "When Time Stopped At Sea is a film about a search.",
        # "STO Express": no citation ("director at STO" does not end in "to").
        "Wayne Yu, operations director at STO Express Europe, estimates it.",
        # A word-name that goes on as a longer name.
        "China welcomes multinationals to the Fortune Global Forum in December.",
        # Libération written without its accent is the word, inside other names.
        "Officers of the People's Liberation Army held drills on the coast.",
        "The Liberation Party ran a candidate in the east.",
    ],
)
def test_word_names_outside_a_citation_are_not_outlets(body):
    assert outlets(body) == ()


def test_publisher_comes_first_without_offsets():
    found = extract("", "TMZ reported it.", None, "HuffPost")
    assert found.outlets == ("HuffPost", "TMZ")
    assert [(e.value, e.start, e.end) for e in found.entities if e.type == "outlet"] == [
        ("HuffPost", -1, -1), ("TMZ", 0, 3)]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://www.huffingtonpost.com/2017/03/16/a.html", "HuffPost"),
        ("http://europe.chinadaily.com.cn/epaper/x.htm", "China Daily"),
        ("https://abcnews.go.com/Politics/story", "ABC News"),
        ("https://www.eonline.com/news/1", "E! News"),
        ("www.tmz.com/2021/01/01/x", "TMZ"),
        ("https://example.org/news", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url, expected):
    assert outlet_from_url(url) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("according Ria Novosti and Tass news agencies, the deal is done.",
         ("RIA Novosti", "TASS")),
        ("Ghanaian radio station Citi FM reported that he walks.", ("Citi FM",)),
        ("Adweek reported the change. He told Fast Company. He told Entrepreneur last year.",
         ("Adweek", "Fast Company", "Entrepreneur")),
        ("He sells to entrepreneurs. An Entrepreneur of the Year award.", ()),
        ("The Vogue covergirl has been open about it.", ("Vogue",)),
        ("Vogue is a word in fashion.", ()),
        ('she told Esquire U.K. in 2016.', ("Esquire",)),
        ("a motorist flagged him down, according to the Daytona Beach News-Journal.",
         ("Daytona Beach News-Journal",)),
    ],
)
def test_more_outlets(body, expected):
    assert outlets(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ('"Rolling Stone" magazine rated him sixth.', ("Rolling Stone",)),
        ("Covered by the Rolling Stones.", ()),
        ("Simonne told 5 live's Nihal Arthanayake what happened.", ("BBC Radio 5 Live",)),
    ],
)
def test_outlets_from_the_ninth_round(body, expected):
    assert outlets(body) == expected


def test_rte_with_its_accent_lost_is_rte_not_rt():
    """Exports that lost the É of RTÉ (to "?" or U+FFFD) named RT, the Russian channel."""
    from archive.extract import extract

    for text in ("Mr Kelly has told RT? News that it will close.",
                 "He was speaking on RT\ufffd Radio One this morning."):
        assert extract("T", text, None, None).outlets == ("RTÉ",)
    assert extract("T", "RT reported that Moscow said so.", None, None).outlets == ("RT",)


@pytest.mark.parametrize(
    "body, expected",
    [
        # A programme named with its broadcaster, or by its presenter.
        ("Speaking on RTÉ's Morning Ireland, the minister said the plan would work.",
         ("RTÉ", "Morning Ireland")),
        ("She told BBC Radio 4's Today programme that funding was short.",
         ("BBC Radio 4", "Today")),
        ("The mayor said on CBS's Face the Nation on Sunday that taxes would rise.",
         ("CBS News", "Face the Nation")),
        ("The nurse told the Victoria Derbyshire programme she had quit.",
         ("Victoria Derbyshire",)),
        # A programme's quoted title after a cue; not a film of a studio.
        ('He said on CNN\'s "State of the Union" that it was fine.', ("CNN", "State of the Union")),
        ('She told MSNBC\'s "Morning Joe," that she agreed.', ("MSNBC", "Morning Joe")),
        ('He starred in 20th Century Fox\'s "Logan" this year.', ()),
        # Not a programme: a person of the outlet, its desk, its service in a language.
        ("He told CNN's Jake Tapper that he would run.", ("CNN",)),
        ("Speaking to Al Jazeera's Washington editor, he smiled.", ("Al Jazeera",)),
        ("DW's German TV program adds films.", ("DW",)),
        ("Subscribe to The Huffington Post's Morning Email for more.", ("HuffPost",)),
        # Local stations: a network's number written as one word, a call sign cited.
        ("The fire spread quickly, ABC7 reported.", ("ABC7",)),
        ("The suspect fled, according to KTLA.", ("KTLA",)),
        ("Doping rules of the World Anti-Doping Agency (WADA) apply, WADA said.", ()),
        ("Residents of Say No to KHTO met.", ()),
        # Papers and agencies named by their kind: a leading "The", "and" inside the name, a
        # country's possessive (its own Daily News, not New York's), a hyphened description.
        ("The Dogan news agency said four boats sank.", ("Dogan",)),
        ("The Springfield Herald and Tribune newspaper reported the fire.",
         ("Springfield Herald and Tribune",)),
        ("Reuters and Kyodo news agency reported the quake.", ("Reuters", "Kyodo")),
        ("Kenya's Daily News newspaper quoted the minister.", ("Daily News",)),
        ("The Kremlin-backed Izvestia newspaper said so.", ("Izvestia",)),
        ("The UK-based daily, The Guardian, said so.", ("The Guardian",)),
        # A channel with its article; a broadcaster named as one, state-run or not.
        ("The state-run Al Ikhbariya TV reported it.", ("Al Ikhbariya TV",)),
        ("He spoke to the state-run Malta Broadcasting Authority.",
         ("Malta Broadcasting Authority",)),
        ("She told the Public Broadcasting Service so.", ("PBS",)),
        # An agency the list knows; a word-name cited by what it did.
        ("Havana hosted the fair, Prensa Latina said.", ("Prensa Latina",)),
        # A word-name after a strong cue and "the"; a paper whose name ends in "Daily".
        ("The driver, 20, told the Daily News that he filmed it.", ("New York Daily News",)),
        ("He went to the Extra room.", ()),
        # Not the name: an adverb, a description, an owner, a number, a lost space's hyphen,
        # a person after "the paper"; a party someone told.
        ("Almost daily, police raid the camps. Families flee Mosul daily Federal police say.",
         ()),
        ("State news agency Petra said so. One French newspaper disagreed.", ("Petra",)),
        ("Mr Lane's daily briefing ran long. He told the 40-year-old to wait.", ()),
        ("He told 112 television channel that it was over.", ("112",)),
        ("The sports magazine Sport Bild-reported that he signed.", ("Sport Bild",)),
        ("Senator Dan Hollis spoke, telling the paper Hollis himself had paid.", ()),
        ("He told the Fine Gael parliamentary party that he would go.", ()),
        ("Sales rose, according to the National Farming Daily.", ("National Farming Daily",)),
        ("The executive resigned on Sunday. Recode, which broke the news, cited two sources.",
         ("Recode",)),
    ],
)
def test_programmes_stations_and_papers_by_kind(body, expected):
    assert outlets(body) == expected


def test_a_person_inside_a_programme_name_is_no_mention_of_him():
    found = extract("", "Speaking on RTÉ's Today with Sean O'Rourke, Mr Byrne said so.", None, None)
    assert (found.outlets, found.people) == (("RTÉ", "Today with Sean O'Rourke"), ("Byrne",))


@pytest.mark.parametrize(
    "body, expected",
    [
        # A news site by its domain where the text cites it; not a social network, not "go to".
        ("The dog was found, according to HarborLive.com.", ("HarborLive.com",)),
        ("He posted it on his website, CapitolWatch.org, on Friday.", ("CapitolWatch.org",)),
        ("Go to Awards.com for the list. It spread, according to Facebook.com.", ()),
        # A masthead after a capital "The"; not a programme named like one.
        ("The Lakeside Register also lists the prices.", ("Lakeside Register",)),
        ("The Energy Star program pays.", ()),
        # The network before "station" and a call sign describes the station.
        ("Ann Fry, a reporter from local CBS station WKRP, said so.", ("WKRP",)),
        # A call sign with its channel number; a nationality before a known paper's name.
        ("She told local news station WXYZ-7 so.", ("WXYZ-7",)),
        ("It ran in the British Metro newspaper.", ("Metro",)),
        ("An Agence-France Presse photographer saw it.", ("AFP",)),
    ],
)
def test_sites_mastheads_and_stations_of_the_thirteenth_round(body, expected):
    assert outlets(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A body of government in capitals is told things, not an outlet; an unknown
        # outlet in capitals is one, even where it spells a word ("told STAT").
        ("The minister tells the EU it is leaving, and she told the FBI more.", ()),
        ("Jenner told VERGE she believed it.", ("VERGE",)),
        # A network before a show's kind is its producer.
        ("It aired in two seasons of the E! docuseries. The hit ABC series ends.", ()),
        # "broadcaster" before a person's name is the person's role.
        ("It was found by English broadcaster Richard Dimbleby in 1945.", ()),
        # A programme after "interview with" (with a small word in its title), or after a
        # hyphen that stands for a lost space.
        ("He said so in an interview Monday with CNN's Meet the Voters amid a row.",
         ("CNN", "Meet the Voters")),
        ("Speaking on RTÉ's-Evening Desk, he said it.", ("RTÉ", "Evening Desk")),
        # ... but not a presenter: "Fox News' Tucker Carlson".
        ("During an interview with Fox News' Tucker Carlson Thursday night, he said no.",
         ("Fox News",)),
        # A film title ending in a magazine's name is no citation of it.
        ('The "Tagic Mike XXL" star spoke.', ()),
    ],
)
def test_bodies_producers_presenters_and_programmes(body, expected):
    assert outlets(body) == expected
