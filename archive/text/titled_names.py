"""People named after a title (Eng., Dr., Minister of …, وزير …, المهندس) that the gazetteer
does not know yet: candidates an editor confirms, never tags on their own.

News writes "Minister of Communications and Technology, Eng. Iyad Al-Khatib" and
"وزير الاتصالات والتقانة إياد الخطيب": a title, maybe a portfolio, then the name. English
names are runs of capitalised words; Arabic has no capitals, so an Arabic name is a
given name (عبد السلام counts as one) plus at most one family name, after a portfolio
made of definite words (الاتصالات والتقانة) and places the gazetteer knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from archive.text.mentions import PERSON, QUOTE, Span, Token, arabic_clitic_forms
from search.text.arabic import is_arabic_stop_word

MAX_ENGLISH_NAME_WORDS = 5
# Inside a name, lower case or not (Bashar al-Assad); they never count as a name's word.
ENGLISH_NAME_PARTICLES = frozenset(
    "al el ad as ash at az bin ibn bint abu abd ul de da del der di la le van von".split()
)
_ABBREVIATIONS = frozenset("eng dr mr mrs ms prof gen col lt capt maj م د".split())
# A capitalised run ending in one of these is a body, not a person (Nomura Securities).
ENGLISH_ORGANISATION_WORDS = frozenset(
    """
    corp corporation inc co ltd plc llc bank group securities international motors holdings
    company association authority ministry council university agency committee party union
    fund organisation organization federation airlines industries institute commission
    """.split()
)
ENGLISH_TITLES = frozenset(
    """
    eng engineer dr doctor mr mrs ms miss prof professor minister president governor
    ambassador sheikh sheikha general gen colonel col brigadier lieutenant lt major maj
    captain capt mayor king queen prince princess emir sultan chancellor senator envoy
    secretary mufti imam patriarch bishop archbishop sayyed sayyid
    """.split()
)
# Words of a portfolio after "Minister of": what comes after them is the name.
ENGLISH_PORTFOLIO = frozenset(
    """
    of the and for communications communication technology technologies information
    industry energy foreign affairs expatriates health education higher defense defence
    interior justice finance treasury economy economic trade commerce digital
    entrepreneurship local administration environment transport transportation
    agriculture agrarian reform oil mineral resources electricity water social labor labour
    culture tourism media state planning international cooperation development investment
    internal consumer protection public works housing youth sports awqaf religious
    endowments presidential affairs province governorate region
    """.split()
)
# Titles as folded by normalize_arabic (ة is ه, every alef is ا).
ARABIC_TITLES = tuple(
    tuple(title.split())
    for title in sorted(
        """
        وزير|وزيره|الوزير|الوزيره|معاون وزير|معاونه وزير|نائب وزير|مساعد وزير|المهندس|المهندسه|م
        الدكتور|الدكتوره|د|الرئيس|رئيس|السفير|السفيره|سفير|الشيخ|الشيخه|المحافظ|محافظ|العميد
        اللواء|العماد|العقيد|السيد|السيده|الاستاذ|الاستاذه|مدير عام|المدير العام|الامير|الملك
        السلطان|الامين العام|المبعوث|محافظ|نائب رئيس|رئيس مجلس الوزراء|رئيس الوزراء
        """.replace("\n", "|").split("|"),
        key=lambda title: -len(title.split()),
    )
    if title.strip()
)
# Titles by their first word as written, clitics included (ووزير, للوزير): one lookup a word.
_ARABIC_TITLES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _title in ARABIC_TITLES:  # longest first, as ARABIC_TITLES is sorted
    for _form in arabic_clitic_forms(_title[0]) if len(_title[0]) > 2 else [_title[0]]:
        _ARABIC_TITLES_BY_FIRST_WORD.setdefault(_form, []).append(_title)
# Given-name starters that join the next word (عبد السلام, ابو بكر), and links (بن).
_ARABIC_COMPOUND_STARTS = frozenset({"عبد", "ابو", "ابي", "ام"})
_ARABIC_LINKS = frozenset({"بن", "ابن", "بنت"})
_DYNASTY = "ال"  # آل as folded
_WAW_NAMES = frozenset({"وليد", "وائل", "وسام", "وفاء", "وجدي", "وهبي", "وديع", "وضاح", "ولاء", "وعد"})
# Words that follow a title where a name might (reporting verbs, offices, bodies, common
# nouns after "مدير عام", "الامير"): never part of a name. Folded like the tokens.
_NOT_ARABIC_NAMES = frozenset(
    """
    اكد قال اشار بحث التقى استقبل اجتمع شدد اوضح بين بينت لفت لفتت اعلن دعا زار يبحث يلتقي
    يستقبل امس اليوم نظيره نظيرته خلال بحضور حيث كلمته كلمتها يناقشان يناقش ناقش اعتبر صرح
    امير رئيس وزير عضو مجلس هيئه مركز نائب مدير محافظ جديد جديدا جديده ناد نادي سعاده معالي
    شؤون لشؤون كره لكره قرار بقرار منتخب مدني رحمه حفظه يرحمه يشاهد منطقه مدينه اداره
    اول ركن متقاعد جمهوريه خادم لخادم
    بحسب حسب وفق وفقا عبر بعد قبل عند بشان ضد امام يوم صباح مساء لدى منذ حتى الي الى
    """.split()
)
# A word with ل or ب glued to a noun in ة (لرعاية, بشركة) is "for/with the ...", not a given name.
_PREPOSITION_NOUN_NAMES = frozenset({"لطيفه", "لبيبه", "بهيه", "بديعه", "بثينه", "بسمه"})
_ARTICLE_PREFIXES = ("ال", "وال", "بال", "لل", "فال", "كال", "ولل")
# Bare titles that need a complement: after them a construct noun is the portfolio.
_TITLES_WITH_COMPLEMENT = frozenset({"وزير", "وزيره", "رئيس", "محافظ", "سفير", "عام"})


@dataclass(frozen=True)
class TitledName:
    name: str  # as written
    first: int  # token indexes, inclusive
    last: int
    arabic: bool


def _breaks(token: Token) -> bool:
    """Punctuation before the word ends a name; English names keep their hyphens (Al-Khatib)."""
    gap = token.gap if token.arabic else token.gap.strip("-'\u2019")
    return bool(gap) or token.norm == QUOTE


def _span_starts(spans: list[Span]) -> dict[int, Span]:
    return {span.first: span for span in spans}


# -- English ------------------------------------------------------------------------------
def _english_title(tokens: list[Token], index: int) -> tuple[int, bool] | None:
    """(index after the title, is it an abbreviation) when a capitalised title is at index."""
    token = tokens[index]
    if token.arabic or token.norm not in ENGLISH_TITLES or not token.text[:1].isupper():
        return None
    return index + 1, token.norm in _ABBREVIATIONS


def _after_english_portfolio(tokens: list[Token], index: int, spans: dict[int, Span]) -> int:
    """Skip "of Industry and Energy" or "of Lattakia" after a title: the name comes next."""
    if index >= len(tokens) or tokens[index].norm != "of" or _breaks(tokens[index]):
        return index
    index += 1
    while index < len(tokens) and not _breaks(tokens[index]):
        span = spans.get(index)
        if span is not None and PERSON not in span.kinds:
            index = span.last + 1
        elif tokens[index].norm in ENGLISH_PORTFOLIO:
            index += 1
        else:
            break
    return index


def _english_name(
    tokens: list[Token], start: int, spans: dict[int, Span], *, after_abbreviation: bool
) -> tuple[int, int] | None:
    """A run of capitalised words (particles allowed inside): a full name, or a surname alone
    (President Reagan) unless the gazetteer knows that word as some person's."""
    if start >= len(tokens):
        return None
    if _breaks(tokens[start]) and not (after_abbreviation and tokens[start].gap == "."):
        return None
    end = start
    words = 0
    while end < len(tokens) and end - start < MAX_ENGLISH_NAME_WORDS:
        token = tokens[end]
        span = spans.get(end)
        if (end > start and _breaks(token)) or token.arabic or (span and PERSON not in span.kinds):
            break
        if token.norm in ENGLISH_NAME_PARTICLES:
            end += 1
            continue
        if not token.text[:1].isupper() or token.norm in ENGLISH_TITLES:
            break
        words += 1
        end += 1
    while end > start and tokens[end - 1].norm in ENGLISH_NAME_PARTICLES:
        end -= 1
    if any(token.norm in ENGLISH_ORGANISATION_WORDS for token in tokens[start:end]):
        return None
    if words == 1 and (
        end - start > 1 or any(span and PERSON in span.kinds for span in map(spans.get, range(start, end)))
    ):
        return None  # Minister Al-Khatib: a family name shared by many, or the gazetteer's business
    return (start, end - 1) if words >= 1 and end > start else None


def _english_titled_name(tokens, index, spans) -> tuple[int, int] | None:
    title = _english_title(tokens, index)
    if title is None:
        return None
    end, abbreviation = title
    if not abbreviation:
        end = _after_english_portfolio(tokens, end, spans)
    return _english_name(tokens, end, spans, after_abbreviation=abbreviation)


# -- Arabic -------------------------------------------------------------------------------
def _arabic_title(tokens: list[Token], index: int) -> tuple[int, str] | None:
    """(index after the title, its last word) when an Arabic title is at index."""
    for title in _ARABIC_TITLES_BY_FIRST_WORD.get(tokens[index].norm, ()):
        window = tokens[index : index + len(title)]
        if len(window) < len(title) or not all(token.arabic for token in window):
            continue
        if tuple(token.norm for token in window[1:]) != title[1:]:
            continue
        if any(_breaks(token) for token in window[1:]):
            continue
        end = index + len(title)
        if title[-1] in _ABBREVIATIONS and (end >= len(tokens) or tokens[end].gap != "."):
            return None  # م and د are titles only as م. and د.
        return end, title[-1]
    return None


def _definite(norm: str) -> bool:
    return norm.startswith(_ARTICLE_PREFIXES) and len(norm) > 3


def _arabic_name_start(
    tokens: list[Token], index: int, spans: dict[int, Span], *, title: str
) -> int | None:
    """Skip the portfolio (الاتصالات والتقانة, خارجية الاردن, في سلطنة عمان) after a title."""
    first = True
    while index < len(tokens):
        token = tokens[index]
        if _breaks(token) and not (first and title in _ABBREVIATIONS and token.gap == "."):
            return None
        span = spans.get(index)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        construct = following is not None and not _breaks(following) and (
            _definite(following.norm) or index + 1 in spans
        )
        if span is not None:
            if PERSON in span.kinds:
                return None  # a name the gazetteer knows
            index = span.last + 1
        elif _definite(token.norm):
            index += 1
        elif token.norm in ("في", "لدى") and index + 1 in spans:
            index += 1
        elif construct and token.norm.startswith("و") and token.norm not in _WAW_NAMES:
            index += 1  # وتقانة المعلومات
        elif construct and first and title in _TITLES_WITH_COMPLEMENT:
            index += 1  # وزير خارجية الاردن: خارجية is the portfolio, not a given name
        else:
            return index
        first = False
    return None


def _arabic_name_word(token: Token, *, first: bool = False) -> bool:
    return (
        token.arabic
        and (first or not _breaks(token))
        and not is_arabic_stop_word(token.text)
        and token.norm not in _NOT_ARABIC_NAMES
        and not (token.norm.startswith("و") and token.norm not in _WAW_NAMES)
        # a definite feminine adjective (الامنيه) describes a body, not a family, and a
        # family name takes the bare article only (للدراسات is "for studies")
        and not (_definite(token.norm) and (token.norm.endswith("يه") or not token.norm.startswith("ال")))
    )


def _preposition_and_noun(norm: str) -> bool:
    glued = norm[:1] in ("ل", "ب") and norm.endswith("ه") and len(norm) >= 5
    return glued and norm not in _PREPOSITION_NOUN_NAMES


def _arabic_name(tokens: list[Token], start: int, spans: dict[int, Span]) -> tuple[int, int] | None:
    """A given name (عبد السلام is one), links (بن حمود), and at most one family name."""
    token = tokens[start]
    if _definite(token.norm) or not _arabic_name_word(token, first=True) or token.norm in _ARABIC_LINKS:
        return None
    if token.norm.endswith("ات"):
        return None  # a plural (لخدمات الشبكة) continues the portfolio; no given name ends so
    if _preposition_and_noun(token.norm):
        return None
    end = start + 1
    parts = 1
    if token.norm in _ARABIC_COMPOUND_STARTS:
        if end >= len(tokens) or not _arabic_name_word(tokens[end]):
            return None
        end += 1
    while end + 1 < len(tokens) and tokens[end].norm in _ARABIC_LINKS and _arabic_name_word(tokens[end + 1]):
        end += 2
        parts += 1
    span = spans.get(end)
    if (
        end < len(tokens)
        and _arabic_name_word(tokens[end])
        and not _preposition_and_noun(tokens[end].norm)
        and not (span and PERSON not in span.kinds)
    ):
        family = tokens[end].norm
        end += 1
        parts += 1
        # آل سعود, ابو عمر, عبد الله: the family name is the next word too
        joins = family in _ARABIC_COMPOUND_STARTS or family == _DYNASTY
        if joins and end < len(tokens) and _arabic_name_word(tokens[end]):
            end += 1
    return (start, end - 1) if parts >= 2 else None


def _arabic_titled_name(tokens, index, spans) -> tuple[int, int] | None:
    title = _arabic_title(tokens, index)
    if title is None:
        return None
    end, last_word = title
    start = _arabic_name_start(tokens, end, spans, title=last_word)
    return _arabic_name(tokens, start, spans) if start is not None else None


# -- both ---------------------------------------------------------------------------------
def _surface(text: str, first: Token, last: Token) -> str:
    """The name as written, on one line and without a possessive (James Baker's)."""
    name = " ".join(text[first.start : last.end].split())
    for possessive in ("'s", "\u2019s"):
        if name.endswith(possessive) and not last.arabic:
            return name[: -len(possessive)]
    return name



def _known_person(spans: list[Span], first: int, last: int) -> bool:
    return any(
        span.entity_ids and PERSON in span.kinds and span.first <= last and first <= span.last
        for span in spans
    )


def find_titled_names(text: str, tokens: list[Token], spans: list[Span]) -> Iterator[TitledName]:
    """Names introduced by a title that no resolved gazetteer person covers."""
    starts = _span_starts(spans)
    index = 0
    while index < len(tokens):
        finder = _arabic_titled_name if tokens[index].arabic else _english_titled_name
        found = finder(tokens, index, starts)
        if found is None:
            index += 1
            continue
        first, last = found
        if not _known_person(spans, first, last):
            yield TitledName(_surface(text, tokens[first], tokens[last]), first, last, tokens[first].arabic)
        index = last + 1
