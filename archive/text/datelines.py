"""The place of a wire story's dateline (pure functions).

Reuters opens a story with "NEW YORK, March 3 -": the place the story was filed from, in
capitals, then the date. The place is a name the tagger should see written as names are.
"""

from __future__ import annotations

import re

_DATELINE = re.compile(r"^\s*(?P<place>[^,\d]+?)\s*,")
# Words kept lower case inside a place name once it is no longer in capitals.
_SMALL_WORDS = frozenset({"of", "the", "and", "on", "upon", "de", "la", "el", "al"})


def dateline_place(dateline: str) -> str:
    """'NEW YORK, March 3 -' -> 'New York'; '' when the line names no place."""
    match = _DATELINE.match(dateline or "")
    if not match:
        return ""
    words = match.group("place").split()
    return " ".join(
        word.lower() if index and word.lower() in _SMALL_WORDS else word.capitalize()
        for index, word in enumerate(words)
    )
