"""Names of the world's countries as news writes them, derived from CLDR's display names
(pure functions: Babel's data is read by the build_gazetteer command, not here).

CLDR gives one display name per territory and language ("Myanmar (Burma)", "Congo -
Kinshasa", "Hong Kong SAR China"); news also writes the adjective: السعودي, السعودية,
السعوديين are Arabic nisba forms made by a rule (drop the article and the final ا/يا/ية,
add ي), with an exceptions table for the countries whose adjective is not so derived
(الولايات المتحدة → أمريكي).
"""

from __future__ import annotations

import re

_ARTICLE = "ال"
_PARENTHESES = re.compile(r"^(?P<main>[^()]+?)\s*\((?P<inner>[^()]+)\)$")
_ADMINISTRATIVE = re.compile(r"SAR|منطقة|إدارية")
_DASHED = re.compile(r"^(?P<main>.+?)\s+-\s+(?P<inner>.+)$")


def display_name_variants(name: str) -> list[str]:
    """A CLDR display name and the plain names inside it, the plainest first."""
    name = " ".join(name.replace("\u2019", "'").split())
    variants = [name]
    for suffix in (" SAR China", " SAR"):
        if name.endswith(suffix):
            variants.insert(0, name[: -len(suffix)])
    match = _PARENTHESES.match(name)
    if match:
        # "Myanmar (Burma)" is two names; "(منطقة إدارية خاصة)" ("special administrative region") none.
        inner = match.group("inner").strip()
        variants = [match.group("main").strip()] + ([] if _ADMINISTRATIVE.search(inner) else [inner])
    match = _DASHED.match(name)
    if match:  # "Congo - Kinshasa": one name, with its capital
        variants = [f"{match.group('main')} {match.group('inner')}"]
    if " & " in name:
        variants.append(name.replace(" & ", " and "))
    return list(dict.fromkeys(variants))


def arabic_nisba_base(country: str) -> str | None:
    """The masculine adjective of a one-word Arabic country name (السعودية → سعودي), or None
    when no rule applies (names of several words: their adjective comes from the exceptions)."""
    word = country.strip()
    if " " in word or len(word) < 3:
        return None
    if word.startswith(_ARTICLE) and len(word) > 4:
        word = word[len(_ARTICLE) :]
    for ending in ("ية", "يا"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)] + "ي"
    if word.endswith("ا") and len(word) > 3:
        return word[:-1] + "ي"
    if word.endswith(("ي", "ة")):
        return None  # مالي, غزة: no adjective by this rule
    return word + "ي"


def arabic_nisba_forms(base: str) -> list[str]:
    """سعودي → سعودي, السعودي, سعودية, السعودية, سعوديون, السعوديون, سعوديين, السعوديين."""
    words = base.split()
    forms = []
    for ending in ("", "ة", "ون", "ين"):
        inflected = " ".join(word + ending for word in words)
        definite = " ".join(_ARTICLE + word + ending for word in words)
        forms += [inflected, definite]
    return forms

