"""Find a calendar date that an article states explicitly.

Only complete dates count (day, month and year all written out): "في الثامن من كانون
الأول القادم" or "on Wednesday" name no year, and guessing one would put the article
in the wrong place on the time line. Purely numeric dates other than ISO
(03/04/2022) are ambiguous between day-first and month-first, so they are ignored too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ALEF_FORMS = str.maketrans("أإآٱ", "اااا")
# Harakat, superscript alef and tatweel: decoration that must not break a month name.
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")

# Month names as they appear after _fold_for_matching (alef forms folded to ا).
_ARABIC_MONTHS: dict[str, int] = {
    # Gregorian names (Egypt, Gulf, pan-Arab media)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5,
    "ماي": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8,
    "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Syriac-derived names (Syria, Lebanon, Jordan, Iraq, Palestine)
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5,
    "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين اول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11, "كانون الاول": 12, "كانون اول": 12,
}  # fmt: skip

_ENGLISH_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2100


def _alternation(names: dict[str, int]) -> str:
    # Longest first, so "كانون الثاني" is not read as a shorter name.
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)


_AR_MONTH = rf"(?:{_alternation(_ARABIC_MONTHS)})"
_EN_MONTH = rf"(?:{_alternation(_ENGLISH_MONTHS)})\.?"
_DAY = r"(?<!\d)(?P<day>\d{1,2})(?!\d)"
_YEAR = r"(?<!\d)(?P<year>\d{4})(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"

# Syrian papers often write both calendars: "تشرين الثاني/نوفمبر" or "نوفمبر (تشرين الثاني)".
_AR_MONTH_PAIR = rf"(?P<month>{_AR_MONTH})(?:\s*[/(-]\s*(?P<month2>{_AR_MONTH})\s*\)?)?"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"{_DAY}\s*(?:من\s+)?(?<!\w){_AR_MONTH_PAIR}(?!\w)\s*(?:عام\s+|سنة\s+)?{_YEAR}"),
    re.compile(
        rf"{_DAY}{_ORDINAL}\s+(?:of\s+)?(?<![\w])(?P<month>{_EN_MONTH})(?!\w),?\s+{_YEAR}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<![\w])(?P<month>{_EN_MONTH})(?!\w)\s+{_DAY}{_ORDINAL},?\s+{_YEAR}",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int


def _fold_for_matching(text: str) -> tuple[str, list[int]]:
    """Fold digits, alef forms and marks; also map each folded index to the original."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_DIGITS).translate(_ALEF_FORMS)):
        if not _MARKS.fullmatch(char):
            folded.append(char)
            origin.append(index)
    origin.append(len(text))
    return "".join(folded), origin


def _month_number(name: str) -> int | None:
    key = re.sub(r"\s+", " ", name.rstrip(".").lower())
    return _ARABIC_MONTHS.get(key) or _ENGLISH_MONTHS.get(key)


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _month_number(month_text)
    second = groups.get("month2")
    if second and _month_number(second) != month:
        return None  # the two calendars disagree: better no date than a wrong one
    year, day = int(groups["year"]), int(groups["day"])
    if month is None or not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None  # 31 February and the like


def find_date_match(text: str) -> DateMatch | None:
    """The first complete, valid date written in the text, with its position."""
    folded, origin = _fold_for_matching(text)
    found: list[DateMatch] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            value = _to_date(match)
            if value is not None:
                found.append(DateMatch(value, origin[match.start()], origin[match.end()]))
                break
    return min(found, key=lambda item: item.start, default=None)


def find_date(text: str) -> date | None:
    """The first complete date stated anywhere in the text, or None."""
    match = find_date_match(text)
    return match.value if match else None


# What may surround a date on a line of its own: punctuation and the weekday.
_DATE_LINE_FILLER = re.compile(
    r"[\s,،.:;؛\-–—()\[\]|]+"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?<!\w)(?:ال)?(?:احد|اثنين|ثلاثاء|اربعاء|خميس|جمعة|سبت)(?!\w)",
    re.IGNORECASE,
)


def parse_date(text: str) -> date | None:
    """The date when the text is nothing but a date (weekday and punctuation allowed)."""
    match = find_date_match(text)
    if match is None:
        return None
    outside, _ = _fold_for_matching(text[: match.start] + " " + text[match.end :])
    return match.value if not _DATE_LINE_FILLER.sub("", outside) else None
