"""The publishing outlet of an article from its URL: known news domains mapped to names.

A stand-in until archive/extract/outlets.py has its own `outlet_from_url`; the two
should be merged there.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Registered domain (without "www.") -> the outlet's usual name.
OUTLETS = {
    "abcnews.go.com": "ABC News",
    "aljazeera.com": "Al Jazeera",
    "apnews.com": "AP News",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "bloomberg.com": "Bloomberg",
    "buzzfeed.com": "BuzzFeed",
    "buzzfeednews.com": "BuzzFeed News",
    "cbsnews.com": "CBS News",
    "chinadaily.com.cn": "China Daily",
    "cnbc.com": "CNBC",
    "cnn.com": "CNN",
    "complex.com": "Complex",
    "dailymail.co.uk": "Daily Mail",
    "dw.com": "DW",
    "eonline.com": "E! News",
    "foxnews.com": "Fox News",
    "ft.com": "Financial Times",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "intouchweekly.com": "In Touch",
    "latimes.com": "Los Angeles Times",
    "nbcnews.com": "NBC News",
    "npr.org": "NPR",
    "nytimes.com": "The New York Times",
    "people.com": "People",
    "politico.com": "Politico",
    "reuters.com": "Reuters",
    "rte.ie": "RTÉ",
    "tass.com": "TASS",
    "theguardian.com": "The Guardian",
    "tmz.com": "TMZ",
    "usatoday.com": "USA Today",
    "usmagazine.com": "Us Weekly",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
}


def outlet_from_url(url: str | None) -> str | None:
    """Return the outlet a URL's site belongs to (www.huffingtonpost.com -> HuffPost), if known.

    Subdomains count as their parent (europe.chinadaily.com.cn -> China Daily).
    """
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    parts = host.lower().rstrip(".").split(".")
    for i in range(len(parts) - 1):
        name = OUTLETS.get(".".join(parts[i:]))
        if name:
            return name
    return None
