"""The place of a wire story's dateline (pure functions).

Reuters opens a story with "NEW YORK, March 3 -": the place the story was filed from, in
capitals, then the date. A smaller place carries its state, province or country
("LOUISVILLE, Ky., Feb 26 -", "WOLFSBURG, West Germany, March 13 -"): that qualifier says
which country the story is about, so it is kept, a US state or Canadian province written as
its country. The place is a name the tagger should see written as names are.
"""

from __future__ import annotations

import re

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(rf"^\s*(?P<place>[^\d]+?)\s*,\s*(?:{_MONTHS}\s*\d|\d)", re.IGNORECASE)
# Words kept lower case inside a place name once it is no longer in capitals.
_SMALL_WORDS = frozenset({"of", "the", "and", "on", "upon", "de", "la", "el", "al"})
# How Reuters writes the states and provinces after a city, folded by _region_key.
_US_STATES = """
ala alabama alaska ariz arizona ark arkansas calif california colo colorado conn connecticut
dc del delaware fla florida ga georgia hawaii idaho ill illinois ind indiana iowa kan kans
kansas ky kentucky la louisiana maine me md maryland mass massachusetts mich michigan minn
minnesota miss mississippi mo missouri mont montana neb nebraska nev nevada nh nj nm ny
newhampshire newjersey newmexico newyork nc nd northcarolina northdakota ohio okla oklahoma
ore oregon pa penn pennsylvania ri rhodeisland sc sd southcarolina southdakota tenn tennessee
tex texas utah vt vermont va virginia wash washington wva westvirginia wis wisc wisconsin
wyo wyoming pr puertorico
"""
_CANADIAN_PROVINCES = """
alta alberta bc britishcolumbia man manitoba nb newbrunswick nfld newfoundland ns novascotia
ont ontario pei que quebec sask saskatchewan
"""
REGION_COUNTRIES = {
    **dict.fromkeys(_US_STATES.split(), "United States"),
    **dict.fromkeys(_CANADIAN_PROVINCES.split(), "Canada"),
}


def _region_key(part: str) -> str:
    return "".join(char for char in part.casefold() if char.isalpha())


def _name_case(part: str) -> str:
    return " ".join(
        word.lower() if index and word.lower() in _SMALL_WORDS else word.capitalize()
        for index, word in enumerate(part.split())
    )


def dateline_place(dateline: str) -> str:
    """'NEW YORK, March 3 -' -> 'New York'; 'LOUISVILLE, Ky., Feb 26 -' -> 'Louisville,
    United States'; 'BONN, West Germany, March 1 -' -> 'Bonn, West Germany'; '' when the
    line names no place."""
    match = _DATELINE.match(dateline or "")
    if not match:
        return ""
    parts = [part.strip() for part in match.group("place").split(",") if part.strip()]
    named = [_name_case(parts[0])] if parts else []
    for part in parts[1:]:
        named.append(REGION_COUNTRIES.get(_region_key(part)) or _name_case(part))
    return ", ".join(named)
