"""People: one canonical name each, and the traps of the issue turned away."""

from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from archive.extract import extract
from archive.extract.people import extract_people


def people(body: str, title: str = "") -> tuple[str, ...]:
    return extract(title, body).people


@pytest.mark.parametrize(
    "body, expected",
    [
        # Short mentions resolve to the full name the article uses.
        ("Kanye West is back. West said he would fight. Kardashian's team and Kim Kardashian "
         "declined.", ("Kanye West", "Kim Kardashian")),
        ("Kim Kardashian filed. Kim said it was over.", ("Kim Kardashian",)),
        # Titles and possessives are stripped.
        ("Police Commissioner James P. O'Neill has written to the delegation.",
         ("James P. O'Neill",)),
        ("Interior Minister Bruno Le Roux said so. Le Roux praised the police.",
         ("Bruno Le Roux",)),
        ("Austrian expert Rudi Mair spoke. But Mr Mair told the broadcaster more.", ("Rudi Mair",)),
        # A list of children is people, even where the names are places or words.
        ("They have since welcomed four children: North, Saint, Chicago and Psalm.",
         ("North", "Saint", "Chicago", "Psalm")),
        # Short forms and mononyms.
        ("She was dating Ray J at the time.", ("Ray J",)),
        ("He hired Kenny G for a serenade.", ("Kenny G",)),
        ("The record was produced by Jay-Z in New York.", ("Jay-Z",)),
        # Apposition and a verb of saying make a name a person without a list.
        ("Zhang Yansheng, chief economist at the center, said growth slowed.",
         ("Zhang Yansheng",)),
        ("Kremlin spokesman Dmitry Peskov said the check continues.", ("Dmitry Peskov",)),
        # Two words that are no English word and no place: a name, in any language.
        ("Tunisian national Anis Amri allegedly drove a truck into a crowd.", ("Anis Amri",)),
        ("Valerien Ismael's side are three points clear.", ("Valerien Ismael",)),
        # An ordinary word ends an organisation's name before the person's.
        ("The president of Paris Airports Augustin de Romanet said so.",
         ("Augustin de Romanet",)),
        ("Minister of Industry and Information Technology Miao Wei said so.", ("Miao Wei",)),
        # A quotation that has closed does not make the next name a title.
        ('"You might call it rock," John Lennon once said.', ("John Lennon",)),
        ("Mick Jagger of the Rolling Stones said that Berry lit up their years.",
         ("Mick Jagger",)),
        # Titles and numerals: "Queen" goes, "II" stays; a month that is a surname stays.
        ("Queen Elizabeth II will open the session.", ("Elizabeth II",)),
        ("Prime Minister Theresa May said the time was wrong.", ("Theresa May",)),
        # A name listed beside a person's is a person's.
        ("after the resignations of ex-frontbenchers Tristram Hunt and Jamie Reed.",
         ("Tristram Hunt", "Jamie Reed")),
        ("Labour has Gill Troughton as its candidate.", ("Gill Troughton",)),
        # Siblings with their ages, and a friend "called" by a given name.
        ("donations for the three siblings, Luke, 21, Hannah, 18, and 13-year-old Oliver.",
         ("Luke", "Hannah", "Oliver")),
        ("He will share guardianship with a long-time family friend called Suzie.", ("Suzie",)),
        # A short name shared by two full names stands for neither.
        ("Kim Jong Un and Kim Jong Nam fell out. Kim said nothing.",
         ("Kim Jong Un", "Kim Jong Nam")),
        # A place's or a body's name before a given name and a surname.
        ('"We have a killer," said Escambia County Sheriff David Morgan.', ("David Morgan",)),
        ("US Secretary of State Rex Tillerson was also in Mexico City.", ("Rex Tillerson",)),
        ("'A bitter taste' Bill Pulver, chief executive of the union, said.", ("Bill Pulver",)),
        # After a title; Arabic names keep their middle words.
        ('"We are well prepared," Dr. Gurtej S. Cheema of the center told the paper.',
         ("Gurtej S. Cheema",)),
        ('"Ten civilians died," Rami Abdel Rahman, head of the group, said.',
         ("Rami Abdel Rahman",)),
        # A nickname in quotes; a photo credit; single names listed beside a person's.
        ('Police are searching for William "Billy" Boyette and Mary Rice.',
         ("William Boyette", "Mary Rice")),
        ("A post office in Weifang on Jan 3. Zhang Chi / For China Daily", ("Zhang Chi",)),
        ("I am more scared of Trump, Bannon and Miller than of anyone.",
         ("Trump", "Bannon", "Miller")),
        # An everyday word first is no given name at a sentence start.
        ("He joined nominee Mitt Romney and Xi Jinping in the talks.",
         ("Mitt Romney", "Xi Jinping")),
        # Family names written first; Korean given names; a patronymic in the middle.
        ("Trade will grow, said Sun Jiwen, spokesman for the ministry.", ("Sun Jiwen",)),
        ("The warrant was for Ri Jong Chol, 46. Doan Thi Huong, 28, was charged.",
         ("Ri Jong Chol", "Doan Thi Huong")),
        ("He is the half-brother of Kim Jong-un, said Moon Jae-in.",
         ("Kim Jong-un", "Moon Jae-in")),
        ("Inspired by Richard Wagner and Pyotr Ilyich Tchaikovsky, he wrote scores.",
         ("Richard Wagner", "Pyotr Ilyich Tchaikovsky")),
        # A police rank before a name; an everyday word that is also a given name.
        ("The body was found, according to police inspector Fiolmeno Costa.",
         ("Fiolmeno Costa",)),
        ("Presenter: Dareen Abughaida. Guests: Paddy Woodworth - journalist and expert.",
         ("Dareen Abughaida", "Paddy Woodworth")),
        # Another spelling of a mononym reads as the usual one.
        ("Beyonce sang at the Grammys.", ("Beyoncé",)),
        # A title-word as an adjective; a character, with the actor who plays him.
        ("Valery Gerasimov, chief of the General Staff of the armed forces, spoke.",
         ("Valery Gerasimov",)),
        ("Gaston (Luke Evans) has a sidekick. He wants to be Gaston.", ("Luke Evans",)),
        # One word after "at" is a firm or a place, even before "said".
        ("Paul Cockburn, director of the team at Savills, said the influx continued.",
         ("Paul Cockburn",)),
        # Generational suffixes and initials stay; the surname alone and the name without its
        # middle resolve to the full one.
        ("It was announced by District Attorney Cyrus R. Vance Jr. on Monday. Vance said so.",
         ("Cyrus R. Vance Jr.",)),
        ("CNN's Lawrence Crook III said the wind was strong. Crook added more.",
         ("Lawrence Crook III",)),
        ('James Harris Jackson, 28, was indicted. "James Jackson prowled the streets."',
         ("James Harris Jackson",)),
        # A letter lost in a bad conversion is part of the word.
        ("Director Sandra H\ufffd\ufffdller said the film was done.",
         ("Sandra H\ufffd\ufffdller",)),
        # After a role, the whole run is the name; a role-word heads it.
        ("It is a tribute to the German filmmaker Friedrich Wilhelm Murnau, who made it.",
         ("Friedrich Wilhelm Murnau",)),
        ("Photographer Sheng Wen Lo, who is from Taiwan, said so. Lo said he got the idea.",
         ("Sheng Wen Lo",)),
        # "played by" says a person; a mononym the text also writes in lowercase (a hashtag,
        # a handle) is still the person, and a letter lost to U+FFFD still finds it.
        ("LeFou, played by Josh Gad in the remake, is a sidekick.", ("Josh Gad",)),
        ("Adele concluded her speech. adele pulled a cady heron. Adele told the press so.",
         ("Adele",)),
        ("Adele wanted to share it with Beyonc\ufffd\ufffd, fans said.", ("Adele", "Beyoncé")),
        # "Bill" is a given name before a particle and a surname, not a law.
        ("It stays until February, Mayor Bill de Blasio has said.", ("Bill de Blasio",)),
        # A hyphen for a space before a function word is no play on a name.
        ("Bishop John Kirby-of Clonfert, will celebrate the mass.", ("John Kirby",)),
    ],
)
def test_people(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        'She met Pete after their romantic "Saturday Night Live" skit aired.',
        'On the final season of "Keeping Up with the Kardashians," she spoke.',
        "He sent a huge flower wall gift on Mother's Day.",
        "The family flew from Los Angeles to New York on Saturday.",
        "The incident at the Alexis de Tocqueville high school in the town shocked France.",
        "The guards cost $24 million at Trump Tower.",
        "China Aerospace Science and Industry Corp will expand.",
        "Separately, the minister will bring a memo.",
        "Air traffic was rerouted to Paris Charles De Gaulle Airport.",
        # The last word is an everyday English word and no surname.
        "Samoilova will represent Russia at the 2017 Eurovision Song Contest in Kiev.",
        "She protested against the Dakota Access oil pipeline.",
        "They were given the envelope for Best Actress, won by the film's star.",
        # Countries, regions and nationalities.
        "Five skiers were killed in the Austrian Alps, police say.",
        'The minister said Saudi Arabia "is fully adhering" to the accord.',
        "Fighters of Tahrir al-Sham took the town.",
        # Firms, parties, storms, units, cities and places named like people.
        "Analysts at Morgan Stanley expect more. Sinn Fein said no.",
        "Cyclone Debbie hit the coast. Debbie could end up as severe as Yasi.",
        "The case went to Special Branch in the capital.",
        "The flight landed in Kuala Lumpur on time.",
        "A car crashed near the town of Proserpine, police said.",
        # Adverbs starting a sentence; titles alone.
        "Afterward, the minister left.",
        "The moment was seen by the Director and Master Sgt. in the hall.",
        # Everyday words, a title-word as an adjective, landmarks and works.
        "Ottoman armies held off an Allied expeditionary force.",
        "Regarding Boyette, the police said he is armed.",
        "It is looking to sell The Body Shop chain of stores to Planned Parenthood.",
        "Sacramento is south of Oroville Dam. Sikh Temples are open. A Great Wall is built.",
        # The name of a body used alone later; a word after "the" that is no known name.
        "Police sealed the El Nadeem Centre. The flats belong to El Nadeem, a group said.",
        "He got his first Oscar nomination.",
        "Students should not travel to the Holyland, police said.",
        # A body's kind right before its name; a county's abbreviation.
        "A float of samba school Mocidade Independente dropped a dancer, organisers said.",
        "The crash happened in Co Cork on Sunday, gardai said.",
        # A town after "in" or before its state, however often the article names it; a
        # heading; a repeated heading.
        "Her body was found in Sanford, near a store in Sanford. Sanford is a quiet town.",
        "Englewood, New Jersey: the flurry continued for hours.",
        "The snow fell.\nPhiladelphia In Philadelphia, officials estimated the rate.",
        "It was cold. Baltimore Baltimore is also feeling the chill.",
    ],
)
def test_not_people(body):
    assert people(body) == ()


def test_headline_name_counts_when_the_body_confirms_it():
    title = "Matthew Perry Once Beat Up Canadian Prime Minister Justin Trudeau"
    body = "He said it was jealousy. Perry said: I was a stupid kid. Trudeau laughed."
    assert people(body, title) == ("Matthew Perry", "Justin Trudeau")


def test_headline_title_is_not_part_of_the_name():
    title = "Bishop Eamon Casey funeral due to take place in Galway"
    body = "The funeral of the former Bishop of Galway Eamon Casey will take place. Casey died."
    assert people(body, title) == ("Eamon Casey",)


def test_headline_name_ends_at_a_possessive_and_has_no_everyday_word():
    title = "Rachel Maddow's Trump Tax Report; Alan Menken Calls LeFou's Sexuality 'Non-Issue'"
    body = ("MSNBC's Rachel Maddow reported on President Donald Trump's taxes. Maddow said so. "
            "Composer Alan Menken spoke. LeFou is a character, Menken said.")
    assert people(body, title) == ("Rachel Maddow", "Donald Trump", "Alan Menken")


def test_headline_name_alone_does_not_count():
    assert people("Nothing here names anyone.", "Kim Kardashian's Sweetest Moments") == ()


def test_evidence_points_into_the_body():
    body = "Kanye West spoke. Later West sang."
    found = [(e.value, e.text, body[e.start:e.end]) for e in extract_people("", body)]
    assert found == [("Kanye West", "Kanye West", "Kanye West"), ("Kanye West", "West", "West")]


def test_seed_article():
    seed = Path(__file__).parent.parent / "seeds" / "000_fd8147d0a04f768b.txt"
    text = seed.read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    assert people(body, title) == (
        "Kanye West", "Kim Kardashian", "North", "Saint", "Chicago", "Psalm", "Irina Shayk",
        "Pete Davidson", "Kenny G",
    )


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Even the world-renowned physicist Stephen Hawking has warned us.", ("Stephen Hawking",)),
        ("The team behind La La Land were in the middle of speeches.", ()),
        ("Zsa Zsa Gabor, the actress, died. Gabor was 99.", ("Zsa Zsa Gabor",)),
        ("Martin Luther King, Jr.'s words began echoing.", ("Martin Luther King Jr.",)),
        ('The widow of Navy Seal William "Ryan" Owens sat down.', ("William Owens",)),
        ("The ads feature a fictional Carl Hardee Sr. and a burger.", ()),
        ("Carl's Jr. and Hardee's are ditching the ads.", ()),
        ('She sang her first song in the medley, "Love Drought." Then she left.', ()),
        ("Russia signed an agreement with South Ossetia on Tuesday.", ()),
        ("Wood Mackenzie said prices would rise.", ()),
    ],
)
def test_more_rules(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ('"Star Wars" legend-Mark Hamill-shared a snap of himself.', ("Mark Hamill",)),
        ("Kim Kar-dijon is a mustard.", ()),
        ("the socialist presidential pick, Benoit Hamon, spoke.", ("Benoit Hamon",)),
        ("He flew to Los Angeles and back.", ()),
        ("God bless Chuck Berry Chuck", ("Chuck Berry",)),
        ("Mohamed Abdullahi Mohamed, the president, said so.", ("Mohamed Abdullahi Mohamed",)),
        ("College of Osteopathic Medicine Dean William Strampel wrote to her.",
         ("William Strampel",)),
        ("Dean Martin sang.", ("Dean Martin",)),
        ("Darren Salter, senior coroner for Oxfordshire, said so.", ("Darren Salter",)),
        ("A John Lewis lorry has crashed into a building.", ()),
        ("Sales of the Toyota Camry and the Volkswagen Sagitar rose.", ()),
    ],
)
def test_rules_from_the_ninth_round(body, expected):
    assert people(body) == expected


@settings(max_examples=500, deadline=None)
@given(body=st.text(alphabet="ab _.-éİ1\n", max_size=40),
       phrase=st.text(alphabet="ab _.-éİ1", min_size=1, max_size=5))
@example(body="ba a a", phrase="a a")  # a miss inside a word, then a match overlapping it
def test_phrase_counts_equal_the_pattern_it_replaced(body, phrase):
    import re

    from archive.extract.people import _TOKEN_RE, _count

    assume(not _TOKEN_RE.fullmatch(phrase))  # single words are counted from the word counts
    assert _count(body, phrase) == len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", body))


@pytest.mark.parametrize(
    "body, expected",
    [
        # Names with two particles.
        ("German Defence Minister Ursula von der Leyen said on Monday that troops would stay.",
         ("Ursula von der Leyen",)),
        # A stage name whose first word is also a title.
        ("Lady Gaga performed at the Super Bowl. Gaga said it was fun.", ("Lady Gaga",)),
        # A stage name beside a full name in a list makes both people.
        ("Performers such as Drake and Kanye West were there.", ("Drake", "Kanye West")),
        # Parties, police and programmes named like people; a bad conversion's lost letters.
        ("Sinn F\ufffd\ufffdin's leader Gerry Adams said the talks had failed.",
         ("Gerry Adams",)),
        ("Bayer Leverkusen said the coach would stay, and Morning Ireland said so too.", ()),
        ("Nazi Germany invaded Poland, Obamacare said nothing.", ()),
        # A state is no person, even before a verb of saying.
        ("Fans cheered in South Carolina as Governor Nikki Haley said it was fine.",
         ("Nikki Haley",)),
        ("Lawmakers in Uttar Pradesh voted on Monday.", ()),
        # Glued spans: a sentence starter, a title, a hyphenated verb, a repeated caption word.
        ("Like Merkel, the minister said no. Angela Merkel spoke later.", ("Angela Merkel",)),
        ("Chief of the General Staff Valery Gerasimov said the drills were over.",
         ("Valery Gerasimov",)),
        ("Prime Minister Theresa May-has said little about it.", ("Theresa May",)),
        ("James Comey Comey said nothing to the committee.", ("James Comey",)),
    ],
)
def test_archive_scale_traps(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A question mark between letters is a letter lost in a bad conversion.
        ("Economy minister J?rg Weber said the plan would work.", ("J?rg Weber",)),
        # A hyphen before an adverb stands for a dash, not a play on a name.
        ("Actors Warren Beatty and Faye Dunaway-mistakenly read out the wrong card.",
         ("Warren Beatty", "Faye Dunaway")),
        # Roles: a counterpart, a songwriter; but "best director" is an award's category.
        ("The minister met his Slovak counterpart Tamas Orvendi Keszler on Monday.",
         ("Tamas Orvendi Keszler",)),
        ('"It is not a protest song," said the band\'s main songwriter Gorely to a radio station.',
         ("Gorely",)),
        ("She won a best director Oscar in 2002 for the film.", ()),
        # A performer featured on a record; not a possessive after "featuring".
        ('Her new single "Luz" featuring Pavaro was released in May.', ("Pavaro",)),
        ("The remake is featuring Disney's first openly gay character.", ()),
        # Places after a preposition are no list of children.
        ("She founded a charity for kids in Peru, Bolivia and Chile.", ()),
        # A company's legal form after the name.
        ("Talks with Vortal Dynamika GmbH ended on Friday.", ()),
        # A capitalised particle before a surname that is also a word; a hyphenated given name.
        ("Claire Le Pen spoke on Monday. Le Pen said she would win.", ("Claire Le Pen",)),
        ("The Minister of the Sea, Jean-Luc Le Bihan, said the port would stay open.",
         ("Jean-Luc Le Bihan",)),
        # A name of three foreign words is kept whole; the end of a body's name is not.
        ("Georgios Kyriacos Panayiotou was born in London in 1963.",
         ("Georgios Kyriacos Panayiotou",)),
        ("Speakers included a professor at the University of Ghent Darya Safai, an activist.",
         ("Darya Safai",)),
    ],
)
def test_rules_from_the_eleventh_round(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A body of a country: an everyday word, then the country.
        ("Resilience Ireland said the grant would help.", ()),
        # Awards: a category opening with "Best"; an award's name alone.
        ("The band took home Best Rock Song and Best Music Video.", ()),
        ('"Moonlight" won the best picture Oscar on Sunday. Oscar night ran long. The Oscar '
         "went to Moonlight.", ()),
        # A preposition opening a sentence is no given name.
        ("Joyce Byers is back. Besides Joyce, other characters include Robin Hale.",
         ("Joyce Byers", "Robin Hale")),
        # A street after a preposition.
        ("Detectives from Kevin Street said so.", ()),
        # Two names with a score between them are teams, wherever the article names them; a
        # tennis score after a player's name is no such thing.
        ("Lakeside Rovers 2-1 Ferndale Albion. Ferndale Albion had led through Tom Fisk.",
         ("Tom Fisk",)),
        ("Roger Federer beat Rafael Nadal 6-4 6-3 in Basel.", ("Roger Federer", "Rafael Nadal")),
        # A website or a platform, named before or in an apposition; a company's founder is a
        # person.
        ("Deals are booked on the travel site Trippa Vendu, which grew fast.", ()),
        ("Millions of views on Qiqi Bolan, a Twitter-like social media platform in China, "
         "followed.", ()),
        ("Jack Maddox, the company's founder, said so.", ("Jack Maddox",)),
    ],
)
def test_bodies_and_awards_from_the_eleventh_round(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # Fictional characters, named as such, wherever the article names them; a real
        # person's role is no character.
        ("Cassidy played the character Laurel Vance for years. Laurel Vance died in season four.",
         ()),
        ("The show inspired the character of Mark Tilney in a novel. Mr Tilney was rich.", ()),
        ("In his role as Trump's main intermediary, Jared Kushner travelled often.",
         ("Trump", "Jared Kushner")),
        # Ranks the titles list lacks; a hyphenated surname's last part alone.
        ("Pte James Dicks was attacked. Pte Dicks survived.", ("James Dicks",)),
        ("Judge John Francis-Aylmer spoke. Judge Aylmer thanked the jurors.",
         ("John Francis-Aylmer",)),
        # A speaker whom the next sentence calls "he"; not one word after "for" before a
        # verb of saying (the speaker came before it).
        ('"There is no privacy," Corvey said at a conference. He made the remark in Boston.',
         ("Corvey",)),
        ("A neighbour from the village of Kelmarsh who works for Horsmonden, said he was amazed. "
         "He said the fire was small.", ()),
        # A senator's party and state.
        ("Sen. Lindsey Graham (R-South Carolina) wrote a letter. Graham said so.",
         ("Lindsey Graham",)),
        ("In the Senate, Susan Collins, R-Maine, told reporters she would vote no.",
         ("Susan Collins",)),
        # A company's name before its legal form, and alone.
        ("Heads of Carl Zeiss AG met. Zeiss said sales rose.", ()),
        # A person whose apposition names a company, or who speaks for a manufacturer.
        ("Alexandra Eidenberg, the president of an insurance company in Chicago, said she was "
         "worried.", ("Alexandra Eidenberg",)),
        ("The rotorcraft manufacturer Andrei Boginsky said on Thursday that talks went well.",
         ("Andrei Boginsky",)),
        # A three-word foreign name whole; not an adjective before a name.
        ("The Venezuelan-born Ilich Ramirez Sanchez is accused of the attack.",
         ("Ilich Ramirez Sanchez",)),
        ("Critics attacked Islamist Faylaq Rahmani over the vote.", ("Faylaq Rahmani",)),
    ],
)
def test_characters_ranks_and_speakers(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # After a role, a given name that is also a word ("Christian", "Will") is kept.
        ('"They threatened the children," said state prosecutor Christian Rohnke on Monday.',
         ("Christian Rohnke",)),
        # A particle capitalised at a sentence's start is the full name's.
        ("German minister Ursula von der Leyen visited. Von der Leyen said the troops would stay.",
         ("Ursula von der Leyen",)),
        # Ships named after people, wherever the article names them.
        ("The missile cruiser Pyotr Veliky has returned. The Pyotr Veliky will be joined by the "
         "destroyer Admiral Ushakov.", ()),
    ],
)
def test_given_words_particles_and_ships(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # Warships named after people, before or after the ship's kind, with a rank, in a
        # list, with a navy's prefix; wherever the article names them.
        ("The fleet led by the aircraft carrier Admiral Lazarev sailed. The Admiral Lazarev "
         "docked on Friday.", ()),
        ("The Marshal Zhukov destroyer and the Ivan Petrov (Great Ivan) battlecruiser left.", ()),
        ("It joined the warships Tallinn and Vice-Admiral Orlov.", ()),
        ("Sailors boarded the USS Harriet Tubman. Admiral Jane Doyle said so.", ("Jane Doyle",)),
        # A model's designation after its maker.
        ("The squadron flies a Sukhoi Su-35 and a Tupolev Tu-22M3.", ()),
        ("Deeply saddened by the loss of Bernie Wrightson-1 of the greats.",
         ("Bernie Wrightson",)),
        # A brand capitalised inside, not a family name that is.
        ("Analysts at BlackRock said so. Mitch McConnell and Betsy DeVos agreed.",
         ("Mitch McConnell", "Betsy DeVos")),
        ("Its Quantix EonDrive servers sold well.", ()),
        # A possessive before a hyphen that stands for a lost space (and "Mr" makes the
        # everyday word a surname).
        ("Mr Shatter's-May 2014 letter was read by Al Jazeera's-Maria Lopez.",
         ("Shatter", "Maria Lopez")),
        # A role an actor is known for.
        ("The actor is best known for playing Dan Carver in the series.", ()),
        # Firms and currents named like people.
        ("Uber said the rides resumed. El Nino brought rain.", ()),
    ],
)
def test_ships_models_brands_and_roles(body, expected):
    assert people(body) == expected


def test_a_city_of_two_words_in_front_is_no_part_of_the_name():
    assert people("He marched in the Los Angeles Pride parade. Los Angeles Lakers star Kobe "
                  "Bryant watched.") == ("Kobe Bryant",)


@pytest.mark.parametrize(
    "body, expected",
    [
        # Faiths and peoples in the plural are no names.
        ("Sunni Islamists and Coptic Christians marched. Rohingya Muslims fled.", ()),
        # The next name's title with its dot, or a country, ends no name.
        ("Nevada Sen. Jane Rourke spoke, and fellow Rourke Sen. Tom Baines too.",
         ("Jane Rourke", "Tom Baines")),
        ("Reporting by Lara Fenwick Europe, the bureau said.", ("Lara Fenwick",)),
        # A hyphen for a lost space after a word that is no name.
        ("The head of the Police-Neil Corrigan said so. But-Dave Mercer laughed.",
         ("Neil Corrigan", "Dave Mercer")),
        ("Jan-Pieter Venter said so.", ("Jan-Pieter Venter",)),
    ],
)
def test_faiths_trailing_titles_and_glued_words(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A club or an event in brackets after a name is no actor playing a character.
        ("The squad: Pavel Orlov (Dynamo Kiev FC), Oleg Semin (Men's Slalom), Ivan Rudov "
         "(Belarus).",
         ("Pavel Orlov", "Oleg Semin", "Ivan Rudov")),
        ("A member of the Pushkin Krug (Pushkin Circle) said. Slava Bogu (Russian Glory) won.", ()),
        ("Gaston (Luke Evans) sings.", ("Luke Evans",)),
    ],
)
def test_clubs_and_events_in_brackets(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A place after "city of" and the like, an event after a year, whatever their words.
        ("She spoke in the coastal city of Punta del Sol. The 2019 Winter Spartakiad opened.",
         ()),
        ("Meanwhile the 2016 Olympic champion Anna Petrova won.", ("Anna Petrova",)),
        ("I saw the 1974 Warren Beatty film.", ("Warren Beatty",)),
        # A hyphen for a lost space before a past tense: "Minister Michael Noonan-denied".
        ("Finance Minister Kevin Dolan-denied it. Mr Dolan-said no.", ("Kevin Dolan",)),
    ],
)
def test_places_events_and_glued_past_tenses(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # An award list run together: a category after a name starts anew, and so does the
        # next name's "The"; a name between two quoted titles is a performer's credit.
        ('Best jazz album "Night Trains," Talia Brennick Best folk album "Salt," Marco Delvane '
         '"Rivers," Odessa Quill Best Rock Song "Glass," Renny Varga',
         ("Talia Brennick", "Marco Delvane", "Odessa Quill", "Renny Varga")),
        ("Best new artist Talia Brennick The Quiet Foxes Marco Delvane *WINNER",
         ("Talia Brennick", "Marco Delvane")),
        ('"Lanterns," Pomelo "Stone," Odessa Quill featuring Pomelo', ("Pomelo", "Odessa Quill")),
        # ... but a surname "Best" stays ("George Best said"), and a band's "The" too.
        ("Harold Best said the band Cage The Elephant played.", ("Harold Best",)),
        # "Album of the year" and an imperative glued to a list's last name.
        ('"Dawn," Talia Brennick Album of the year "Dusk," Renny Varga Go to the site for more.',
         ("Talia Brennick", "Renny Varga")),
        # A plural role after one word names a band: "Radiohead, songwriters".
        ('"Glass," Quillmoth, songwriters (Quillmoth), and Renny Varga, songwriter.',
         ("Renny Varga",)),
    ],
)
def test_award_lists_and_credits(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # Stage names the runs of capitals cannot read whole: a lowercase word, a leading dot,
        # capitals; the short form later is the same person.
        ("Chance the Rapper won. Chance thanked his daughter.", ("Chance the Rapper",)),
        ("Fans cheered Anderson .Paak and DJ Khaled.", ("Anderson .Paak", "DJ Khaled")),
        ("Busta Rhymes and The Weeknd joined Fats Domino's band.",
         ("Busta Rhymes", "The Weeknd", "Fats Domino")),
        # "Prince" alone is the singer; "the Prince", "Prince Harry", "Port-au-Prince" are not.
        ("A tribute to Prince opened the show.", ("Prince",)),
        ("The Prince visited Port-au-Prince with Prince Harry.", ("Harry",)),
        # A band named like one person, and the era named after a character.
        ("Lukas Graham played. It recalled Jim Crow's last days.", ()),
    ],
)
def test_stage_names_and_bands(body, expected):
    assert people(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A footballer's nickname that is a word or an award, after a player's role.
        ("They signed Brazilian midfielder Oscar and his compatriot Hulk in July.",
         ("Oscar", "Hulk")),
        ("She won an Oscar and the Hulk film flopped.", ()),
        # A surname that is an everyday word, which "Mr" says is a name.
        ('"It works," said CEO Jarno Musk. Mr Musk added more.', ("Jarno Musk",)),
        # A quote's speaker after the verb, and a name with an age after it.
        ('"They came from behind," said Tomasz. Reza, a 30-year-old driver, ran.',
         ("Tomasz", "Reza")),
        # A place named as a see's or a county's is no person, however often it is used.
        ("He became Bishop of Shannon. Shannon mourned him, and Shannon wept.", ()),
        # A plural acronym makes the run a group's ("Portlaoise GPs", "Likud MPs").
        ("Cashel GPs will not support it, and Tory MPs agreed.", ()),
        # A prefix's hyphen: "the anti-Semitic Goebbels" is Goebbels; a sentence's
        # preposition is no given name.
        ("Emil Kessler and Otto Brandt met. The anti-Semitic Kessler spoke. Alongside Kessler, "
         "Brandt led.", ("Emil Kessler", "Otto Brandt")),
    ],
)
def test_nicknames_surnames_speakers_and_sees(body, expected):
    assert people(body) == expected
