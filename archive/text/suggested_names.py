"""Which names the learned Arabic tagger finds are worth an editor's time (pure functions).

The tagger's span may carry a glued "and" (وخالد بن عبد الله), stop short (محمد بن), run
into a verb (بوتين زار) or be a preposition on a common noun (بمدينة): such names are
cleaned or left out, because a suggestion an editor must reject costs more than one missed.
"""

from __future__ import annotations

from archive.text.mentions import normalize_name
from search.text.arabic import is_arabic_stop_word

# Names whose first letter is و or ف of their own (folded), kept whole.
CONJUNCTION_LOOKALIKES = frozenset(
    """
    وليد وائل وسام وفاء وجدي وهبي وديع وضاح ولاء وعد وحيد وصفي وهيب وفيق فيصل فهد فاطمه فراس
    فريد فؤاد فادي فايز فارس فرانسوا فرنسا فلاديمير فيكتور فيليب فيرنانديز فنزويلا فيتنام
    فلسطين فيينا فلوريدا والتر وليام ويليام وارن وانغ وولفغانغ ويلسون واشنطن ويلز
    """.split()
)
GLUED_ARTICLES = ("بال", "كال", "لل", "فال", "وال")
# A name does not end in a link (بن, آل) nor in these verbs that follow names in news.
NOT_NAME_ENDINGS = frozenset("بن ابن بنت ال ابو زار انجز قال اكد اعلن اضاف فان ان".split())


def conjunction_length(name: str) -> int:
    """1 when the name's first word starts with a glued و/ف ("and"), else 0; a short word
    keeps its letter (فيفا, وفاق are names of their own)."""
    first = name.split()[0] if name.split() else ""
    glued = first[:1] in ("و", "ف") and len(first) > 4
    return 1 if glued and normalize_name(first) not in CONJUNCTION_LOOKALIKES else 0


def suggestible_name(name: str, *, person: bool) -> bool:
    words = name.split()
    if len(normalize_name(name)) < 3 or any(is_arabic_stop_word(word) for word in words):
        return False  # محمد هي, شئنا أم أبينا: a function word is no part of a name
    if normalize_name(words[-1]) in NOT_NAME_ENDINGS:
        return False  # محمد بن, بوتين زار: the name is cut short or runs into a verb
    first = normalize_name(words[0])
    glued_noun = first[:1] in ("ب", "ل") and first.endswith("ه") and len(first) >= 5
    if first.startswith(GLUED_ARTICLES) or glued_noun:
        return False  # بالكورنيش, بمدينة: "at the ...", a preposition on a common noun
    return not person or len(words) >= 2  # a lone name names too many people
