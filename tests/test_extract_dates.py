"""Dates: explicit mentions at the text's precision, a missing year from publication."""

from datetime import date

import pytest

from archive.extract import extract

PUBLISHED = date(2021, 12, 20)


def dates(body: str, published: date | None = PUBLISHED) -> tuple[str, ...]:
    return extract("", body, published).mentioned


@pytest.mark.parametrize(
    "body, expected",
    [
        ("She filed for divorce in February.", ("2021-02",)),
        ("In early December, she filed new documents.", ("2021-12",)),
        ("But in January 2021, rumors began.", ("2021-01",)),
        ("Fast-forward to 2009 when they met.", ("2009",)),
        ("The deadline was March 31.", ("2021-03-31",)),
        ("They met on 24 April and again on Feb. 11.", ("2021-04-24", "2021-02-11")),
        ("The platform went into operation in June, 2015.", ("2015-06",)),
        ("Bernie Wrightson (October 27, 1948 - ) was an illustrator.", ("1948-10-27",)),
        ("(China Daily European Weekly 12/16/2016 page24)", ("2016-12-16",)),
        ("The Games will take place on February 9-25, 2018.", ("2018-02-09", "2018-02-25")),
        ("Prices slumped in mid-1986.", ("1986",)),
        ("Obama signed it into law in March of 2010.", ("2010-03",)),
        # Two days of one month; a day joined to its month by a hyphen; "of next year".
        ("The band plays on 14 and 21 April, the rapper on May 16 and 23, 2022.",
         ("2021-04-14", "2021-04-21", "2022-05-16", "2022-05-23")),
        ("He was last seen alive on Friday evening, 24-February.", ("2021-02-24",)),
        ("The city must replace 6,000 pipes by January of next year.", ("2022-01",)),
        ("Sales fell in March of last year.", ("2020-03",)),
        # A date takes the year of the next one, or of the year the text spoke of last.
        ("Between February and September 2014, Tesco gave a false account.",
         ("2014-02", "2014-09")),
        ("Profits were overstated in 2014. Buyers between 29 August and 19 September that "
         "year will be paid.", ("2014", "2014-08-29", "2014-09-19")),
        ("There was a movement on Election Day 2016 as a tribute.", ("2016",)),
        ("Frequent strikes hit the airline. (10.01.2017) Its profit fell.", ("2017-01-10",)),
        ("The ceasefire was broken last April.", ("2021-04",)),
        ("The trial began at the end of September last year.", ("2020-09",)),
    ],
)
def test_dates(body, expected):
    assert dates(body) == expected


@pytest.mark.parametrize(
    "body, published, expected",
    [
        # A later month is last year's, unless the sentence speaks of the future.
        ("The attack of December 19 killed 12.", date(2017, 2, 1), ("2016-12-19",)),
        ("The book will be available in September.", date(2017, 2, 7), ("2017-09",)),
        ("The league is likely to decide in March.", date(2017, 2, 7), ("2017-03",)),
        ("He spoke on Dec 31 and on Jan 3.", date(2017, 1, 6), ("2016-12-31", "2017-01-03")),
        # A day just after publication: a dateline, or an event days away.
        ("PRAGUE, March 20. /TASS/. The prime minister spoke.", date(2017, 3, 19),
         ("2017-03-20",)),
        ("Join us at 7 p.m. on Friday, March 31, on Facebook Live.", date(2017, 3, 30),
         ("2017-03-31",)),
        # The nearest tense decides, not a "will" later in the sentence.
        ("When NYMEX announced its rule change in December, its president said it will help.",
         date(1987, 3, 2), ("1986-12",)),
        ("The meeting has been postponed until the start of April.", date(1987, 3, 1),
         ("1987-04",)),
        ("The old coin is to be completely phased out by 15 October.", date(2017, 3, 25),
         ("2017-10-15",)),
        # Weeks ahead with no tense to go by: this year's; an adjective is no past tense.
        ("Some lyrics echoed his life.--- The film hits theaters March 17 in America.",
         date(2017, 3, 2), ("2017-03-17",)),
        ("Opponents of the democratically elected president view the April 16 referendum "
         "as a drift.", date(2017, 3, 18), ("2017-04-16",)),
        ("The team set a record in Auckland in October, but lost in its next game.",
         date(2017, 2, 7), ("2016-10",)),
        # "has decided to" is an intention, "had agreed to" is not.
        ("The government has decided to hold the election on May 9.", date(2017, 3, 15),
         ("2017-05-09",)),
        ("They had previously agreed to change the law after the December 19 attack.",
         date(2017, 2, 1), ("2016-12-19",)),
    ],
)
def test_year_from_publication(body, published, expected):
    assert dates(body, published) == expected


@pytest.mark.parametrize(
    "body",
    [
        "We may go now, said the wed couple.",
        "They met after their romantic Saturday Night Live skit.",
        "It may rain; we will see. Now or never.",
        "It cost $2,015 and 2,400m of rope; 40 percent of 1800 666 111.",
        "Karaoke bars began springing up in the 1990s.",
        "Saturday, Sunday and Wed are weekdays, not dates.",
        # A year inside a name; May the prime minister.
        "The plan is part of the Made in China 2025 strategy.",
        "Britain leaves two years after May issues the notification.",
    ],
)
def test_no_noise(body):
    assert dates(body) == ()


def test_month_without_year_needs_a_publication_date():
    assert dates("She filed in February and married in 2014.", None) == ("2014",)


def test_evidence_offsets():
    body = "Since January 2021, nothing."
    found = [e for e in extract("", body, PUBLISHED).entities if e.type == "date"]
    assert [(e.value, body[e.start:e.end]) for e in found] == [("2021-01", "January 2021")]


@pytest.mark.parametrize(
    "body, published, expected",
    [
        # A month before a noun, after "the": a named event.
        ("Iordache, a co-architect of the January emergency rule, resigned.", date(2017, 2, 9),
         ("2017-01",)),
        ("He won backing until the October leak of a tape.", date(2017, 3, 1), ("2016-10",)),
        ("Support for May is waning.", date(2017, 3, 1), ()),
        ("He said the May government would fall.", date(2017, 3, 1), ()),
        # "for" makes a month a date; "until" speaks of the future only right before it.
        ("The elections were rescheduled for October and then postponed to November.",
         date(2017, 2, 7), ("2016-10", "2016-11")),
        ("The vote was postponed until April.", date(2017, 2, 7), ("2017-04",)),
        # An infinitive of running or holding points ahead.
        ("Schulz was nominated to run against Merkel in September.", date(2017, 3, 19),
         ("2017-09",)),
        # A participle is no past tense for a date weeks ahead.
        ("An invite to the wedding of two people identified as Matt and Nancy on May 26.",
         date(2017, 3, 18), ("2017-05-26",)),
        ("The wedding was on May 26.", date(2017, 3, 18), ("2016-05-26",)),
        # An event's year after its name; a year inside another name stays out.
        ("Beyonce performs at the Grammy Awards 2017.", date(2017, 2, 13), ("2017",)),
        ("The Made in China 2025 plan.", date(2017, 2, 13), ()),
    ],
)
def test_more_years_from_publication(body, published, expected):
    assert dates(body, published) == expected


def test_headline_dates_count_without_offsets():
    found = extract("Beyonce performs at Grammy Awards 2017", "She sang.", date(2017, 2, 13))
    assert found.mentioned == ("2017",)
    assert [(e.start, e.end) for e in found.entities if e.type == "date"] == [(-1, -1)]


@pytest.mark.parametrize(
    "body, published, expected",
    [
        ("Accusations followed an August report in the Star.", date(2017, 3, 18), ("2016-08",)),
        ("The bout was scheduled to take place on December 17, but was not approved.",
         date(2017, 2, 7), ("2016-12-17",)),
        ("She was due to top the bill on 15 and 22 April.", date(2017, 2, 24),
         ("2017-04-15", "2017-04-22")),
        ("The budget rises for the years 2016-2020.", date(2017, 3, 13), ("2016", "2020")),
        ("The camp hopes to reinstate the penalty by May this year.", date(2017, 3, 19),
         ("2017-05",)),
    ],
)
def test_dates_from_the_ninth_round(body, published, expected):
    assert dates(body, published) == expected


@pytest.mark.parametrize(
    "body, published, expected",
    [
        # A sentence's first word before a year is no name of it.
        ("Between 2004 and 2008 the firm doubled.", date(2017, 3, 1), ("2004", "2008")),
        ("Her 1999 album sold well.", date(2017, 3, 1), ("1999",)),
        ("The Security Report 2017 was launched.", date(2017, 3, 1), ()),
        # The second month of a pair takes the first's year; May before a name is no month.
        ("Voters go to the polls in April and May.", date(2017, 2, 7), ("2017-04", "2017-05")),
        ("Talks between May and Tusk resumed.", date(2017, 2, 7), ()),
        # "since" a month is the last one; "ahead of" an event in a month is this year's.
        ("The striker hasn't scored since November.", date(2017, 2, 4), ("2016-11",)),
        ("She had led the polls ahead of the vote in June.", date(2017, 3, 1), ("2017-06",)),
        # Irregular past tenses; the present perfect names no past time.
        ("Since he took office in August, prices rose.", date(2017, 3, 2), ("2016-08",)),
        ("The singer has pulled out of the festival in April.", date(2017, 2, 24), ("2017-04",)),
        ("He would have had reason to act in October.", date(2017, 3, 1), ("2016-10",)),
        # A month before a name and a record: "a February Gallup poll".
        ("A February Gallup poll found support slipping.", date(2017, 3, 3), ("2017-02",)),
        ("They met at a March Madness game.", date(2017, 2, 7), ()),
        # Days told after a full date of their month, with its year written, share that year.
        ("On 2 May 2012 the strike began. On May 9 talks failed, and on May 14 it ended.",
         date(2017, 5, 20), ("2012-05-02", "2012-05-09", "2012-05-14")),
        ("The bill passed on 2 May 2012. The next vote is on June 9.", date(2017, 5, 20),
         ("2012-05-02", "2017-06-09")),
    ],
)
def test_dates_from_the_twelfth_round(body, published, expected):
    assert dates(body, published) == expected


@pytest.mark.parametrize(
    "body, published, expected",
    [
        # A model year names a product: by a maker's name, "model year" or a vehicle noun; in
        # a text with one, a year before a model's name is one too. An event's year stays.
        ("The recall covers the 2011-2013 Toyota Camry and the 2012 Corolla, after a 2014 "
         "recall.", date(2017, 3, 1), ("2014",)),
        ("Vans from the 2015 model year and the 2016 compact Astra hatchback are affected.",
         date(2017, 3, 1), ()),
        ("He was seen driving a 2009 blue Honda Civic in May 2016.", date(2017, 3, 1),
         ("2016-05",)),
        ("Ford's 2016 profits rose; the 2018 Winter Olympics are next.", date(2017, 3, 1),
         ("2016", "2018")),
        ("He founded SpaceX in 2002 and Tesla Motors in 2003.", date(2017, 3, 1),
         ("2002", "2003")),
        # Four digits before GMT are a clock time.
        ("Polls close at 8 p.m. (1900 GMT) on March 15.", date(2017, 3, 1), ("2017-03-15",)),
    ],
)
def test_dates_from_the_thirteenth_round(body, published, expected):
    assert dates(body, published) == expected
