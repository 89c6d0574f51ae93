"""Features of words for the learned Arabic name tagger (pure functions: no Django, no model).

Arabic glues clitics to words (ولبنان, بالرياض, للأمم) and has no capitals, so a word is
described by its folded form, the form left after stripping the clitics (و ف, then ب ل ك,
then ال), its first and last letters (nisba ي/ية, plural ون/ين/ات), whether a gazetteer
name of some kind contains the stripped form, whether it is a title (الرئيس, وزير) or
a reporting verb, its script and digits, and the same for its neighbours. Features of a
word depend on the word alone and are cached: news repeats its words, so a sentence
costs little more than the dictionary look-ups of its words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from search.text.arabic import normalize_arabic
from search.text.script import ARABIC_LETTERS

_ARABIC_RE = re.compile(f"[{ARABIC_LETTERS}]")
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_ARTICLE = "ال"
_CLITIC_PREFIXES = sorted(
    {c + p + a for c in ("", *_CONJUNCTIONS) for p in ("", *_PREPOSITIONS) for a in ("", _ARTICLE)} - {""}
    | {"لل", "ولل", "فلل"},
    key=len,
    reverse=True,
)
# Titles and offices before names, and verbs after them, as normalize_arabic folds them.
TITLE_WORDS = frozenset(
    """
    الرئيس رئيس وزير الوزير الملك الامير امير الشيخ السيد السيده الدكتور الدكتوره د المهندس
    السفير سفير الجنرال اللواء العميد العقيد النائب نائب المستشار الامين المتحدث الناطق
    زعيم الزعيم قائد القائد مدير المدير الرئيسه رئيسه ولي عهد العاهل خادم البابا الاستاذ
    المبعوث مبعوث المندوب الحاكم حاكم محافظ المحافظ المدرب اللاعب مدرب لاعب الفنان الكاتب
    الشاعر المطرب المخرج النجم الرئاسه السلطان سمو صاحب معالي فخامه سعاده
    """.split()
)
REPORTING_WORDS = frozenset(
    """
    قال اكد اعلن اوضح اشار صرح ذكر اضاف اعتبر اكدت قالت اعلنت اوضحت اشارت ذكرت اضافت
    يقول تقول وقال واكد واعلن واوضح واشار واضاف بحسب حسب ان انه التي الذي
    """.split()
)
ORGANISATION_WORDS = frozenset(
    """
    شركه الشركه وزاره الوزاره جامعه الجامعه مجلس المجلس هيئه الهيئه منظمه المنظمه اتحاد
    الاتحاد حزب الحزب وكاله الوكاله بنك البنك مصرف المصرف جمعيه الجمعيه مؤسسه المؤسسه
    نادي النادي لجنه اللجنه مركز المركز صندوق الصندوق محكمه المحكمه جبهه الجبهه حركه الحركه
    صحيفه الصحيفه قناه القناه جيش الجيش مجموعه المجموعه معهد المعهد اكاديميه غرفه الغرفه
    كليه الكليه فريق الفريق منتخب المنتخب جريده الجريده مجله المجله اذاعه الاذاعه امانه
    الامانه نقابه النقابه برلمان البرلمان سرايا كتائب
    """.split()
)
# A head word keeps a glued preposition or conjunction that strip_clitics leaves on (لحركة,
# بجامعة): ب/ل/ك may be a word's own first letter, but not before these words.
_HEAD_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")


def is_organisation_head(folded: str, stripped: str) -> bool:
    if stripped in ORGANISATION_WORDS or folded in ORGANISATION_WORDS:
        return True
    return any(folded.startswith(p) and folded[len(p) :] in ORGANISATION_WORDS for p in _HEAD_PREFIXES)


PLACE_WORDS = frozenset(
    """
    مدينه المدينه دوله الدوله منطقه المنطقه محافظه المحافظه عاصمه العاصمه ولايه الولايه
    جزيره الجزيره قريه القريه اقليم الاقليم بلاد شمال جنوب شرق غرب وسط قطاع مقاطعه
    """.split()
)


# Direction marks and zero-width joiners that web text leaves inside words (بنها\u200f): one
# token in a hundred of ANERcorp carries one, and it made each a word never seen.
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff")


def fold(word: str) -> str:
    word = word.translate(_INVISIBLE)
    return normalize_arabic(word) if _ARABIC_RE.search(word) else word.casefold()


def strip_clitics(folded: str, known=frozenset()) -> str:
    """The word without its glued و/ف, ب/ل/ك and ال. Before the article they are clitics
    (وال, بال, لل); otherwise only when what is left is a known name (ولبنان), as the letter
    may be the word's own (فرنسا, بشار). The whole form is a feature too, so the tagger still
    learns the readings no rule tells apart (وجده: "found it", or و + جدة)."""
    for prefix in _CLITIC_PREFIXES:
        rest = folded[len(prefix) :]
        if not folded.startswith(prefix) or len(rest) < 2:
            continue
        if prefix.endswith((_ARTICLE, "لل")) or rest in known:
            return rest
    return folded


def lexicon_from_names(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{stripped word: kinds letters} from (name, kind) pairs: which kinds of name hold it."""
    kinds: dict[str, set[str]] = {}
    for name, kind in names:
        words = name.split()
        for position, word in enumerate(words):
            stripped = strip_clitics(fold(word))
            if len(stripped) < 2:
                continue
            tag = kind[:3] + ("1" if len(words) == 1 else "B" if position == 0 else "I")
            kinds.setdefault(stripped, set()).add(tag)
    return {word: "|".join(sorted(tags)) for word, tags in kinds.items()}


def multiword_names(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{"stripped words of a name": kinds letters} for the names of two words or more: a
    sentence's run of exactly those words is that name (the words alone are lexicon_from_names')."""
    kinds: dict[str, set[str]] = {}
    for name, kind in names:
        words = [strip_clitics(fold(word)) for word in name.split()]
        if len(words) >= 2:
            kinds.setdefault(" ".join(words), set()).add(kind[:3])
    return {words: "|".join(sorted(tags)) for words, tags in kinds.items()}


def name_table(lexicon: Mapping[str, str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The multiword names of a lexicon (its keys with a space) as word tuples -> kinds."""
    return {tuple(key.split()): tuple(value.split("|")) for key, value in lexicon.items() if " " in key}


NAME_WORDS = 6  # the longest run of words looked up as a gazetteer name


def name_marks(stripped: list[str], table: Mapping[tuple[str, ...], tuple[str, ...]]) -> list[list[str]]:
    """`gz=orgB`/`gz=orgI` on the words of each longest run that is a gazetteer name of two words
    or more (الأمم المتحدة, بنك التنمية الأفريقي), then each word's neighbours' marks (`-1gz=`)."""
    count = len(stripped)
    marks: list[list[str]] = [[] for _ in range(count)]
    if table:
        for start in range(count):
            for length in range(min(NAME_WORDS, count - start), 1, -1):
                kinds = table.get(tuple(stripped[start : start + length]))
                if kinds:
                    for index in range(start, start + length):
                        marks[index] += [f"gz={kind}{'B' if index == start else 'I'}" for kind in kinds]
                    break
    return [
        [
            *marks[index],
            *(
                f"{offset}{mark}"
                for offset in (-1, 1)
                if 0 <= index + offset < count
                for mark in marks[index + offset]
            ),
        ]
        for index in range(count)
    ]


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if _ARABIC_RE.search(word):
        return "arabic"
    if any(char.isalpha() for char in word):
        return "latin"
    return "punct"


def _cluster_features(clusters: Mapping[str, tuple[str, ...]], folded: str, stripped: str) -> list[str]:
    """The word's cluster at each level, and the clitic-free form's when it differs (ولبنان)."""
    features = [f"c{level}={cluster}" for level, cluster in enumerate(clusters.get(folded, ()))]
    if stripped != folded:
        features += [f"sc{level}={cluster}" for level, cluster in enumerate(clusters.get(stripped, ()))]
    return features or ["c=none"]


def org_features(orgs: Mapping[str, str], folded: str, stripped: str) -> list[str]:
    """The word's standing as an organisation name in the news (archive.text.org_names: how
    often it follows نادي, قناة, وزارة ..., and which), by its clitic-free form or its own."""
    known = orgs.get(stripped) or orgs.get(folded)
    if not known:
        return []
    share, group = known.split(":")
    return [f"org={share}", f"orgg={group}"]


def make_word_features(
    lexicon: Mapping[str, str],
    clusters: Mapping[str, tuple[str, ...]] | None = None,
    orgs: Mapping[str, str] | None = None,
):
    """A cached function word -> (own features, features a neighbour gives)."""
    clusters = clusters or {}
    orgs = orgs or {}

    @lru_cache(maxsize=1 << 17)
    def word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        folded = fold(word)
        stripped = strip_clitics(folded, lexicon)
        shape = _shape(word)
        gazetteer = lexicon.get(stripped) or lexicon.get(folded) or ""
        marks = []
        if stripped in TITLE_WORDS or folded in TITLE_WORDS:
            marks.append("title")
        if folded in REPORTING_WORDS:
            marks.append("say")
        if is_organisation_head(folded, stripped):
            marks.append("orgword")
        if stripped in PLACE_WORDS or folded in PLACE_WORDS:
            marks.append("placeword")
        own = [
            "w=" + folded,
            "s=" + stripped,
            "p1=" + folded[:1],
            "p2=" + folded[:2],
            "p3=" + folded[:3],
            "sp2=" + stripped[:2],
            "sp3=" + stripped[:3],
            "x1=" + stripped[-1:],
            "x2=" + stripped[-2:],
            "x3=" + stripped[-3:],
            "shape=" + shape,
            "len=" + str(min(len(stripped), 8)),
            "def=" + str(_ARTICLE in folded[:4] and _ARTICLE not in stripped[:2]),
            "g=" + gazetteer,
            *("m=" + mark for mark in marks),
        ]
        if shape == "latin" and word[:1].isupper():
            own.append("upper")
        grouped = _cluster_features(clusters, folded, stripped) if clusters else []
        grouped += org_features(orgs, folded, stripped)
        own += grouped
        neighbour = [
            "w=" + folded,
            "s=" + stripped,
            "x2=" + stripped[-2:],
            "g=" + gazetteer,
            "p2=" + folded[:2],
        ]
        neighbour += ["shape=" + shape, *("m=" + mark for mark in marks), *grouped]
        return tuple(own), tuple(neighbour)

    return word_features


def _org_runs(described: list) -> list[str]:
    """How far each word is into a run a head word starts (الهيئة العامة للتأمين الصحي): the
    words after it all definite or with لل, the genitive chain of a long organisation name."""
    runs, distance = [], None
    for own, _ in described:
        folded = own[0][2:]
        if "m=orgword" in own:
            distance = 0
            runs.append("")
            continue
        chained = distance is not None and (folded.startswith(_CHAIN_PREFIXES) or "def=True" in own)
        distance = distance + 1 if chained else None
        runs.append(f"inorg={min(distance, 4)}" if distance else "")
    return runs


_CHAIN_PREFIXES = ("ال", "لل", "ولل", "وال")


def sentence_features(words: list[str], word_features, *, names: Mapping | None = None) -> list[list[str]]:
    """Each word's features with its neighbours' (two either side), the word bigrams, how far
    the word is into a run an organisation's head word starts, and with names (name_table)
    whether it is in a run of words that is a multiword gazetteer name."""
    described = [word_features(word) for word in words]
    runs = _org_runs(described)
    count = len(words)
    result = []
    for index in range(count):
        own, _ = described[index]
        features = list(own)
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < count:
                features += [f"{offset}{feature}" for feature in described[other][1]]
            else:
                features.append(f"{offset}edge")
        if index:
            features.append("b=" + described[index - 1][0][1][2:] + "|" + own[1][2:])
        if index + 1 < count:
            features.append("a=" + own[1][2:] + "|" + described[index + 1][0][1][2:])
        if runs[index]:
            features.append(runs[index])
        result.append(features)
    if names:
        for features, marks in zip(
            result, name_marks([own[1][2:] for own, _ in described], names), strict=True
        ):
            features += marks
    return result


def spans_from_labels(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first, last inclusive, type) of each B-/I- run of IOB labels."""
    spans = []
    start = kind = None
    for index, label in enumerate([*labels, "O"]):
        prefix, _, label_kind = label.partition("-")
        if kind is not None and (prefix != "I" or label_kind != kind):
            spans.append((start, index - 1, kind))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            start, kind = index, label_kind
    return spans


def document_features(keys: list[list[str]], labels: list[list[str]]) -> list[list[list[str]]]:
    """What a first tagging said of the other occurrences of each word in the same document.

    A name is written in full once (نجيب محفوظ) and then alone (محفوظ), often where nothing
    around it says it is a name; the other occurrences do. keys are the words' clitic-free
    forms, labels a first tagger's IOB labels, one list per sentence of the document.
    """
    totals: dict[str, Counter] = {}
    for sentence_keys, sentence_labels in zip(keys, labels, strict=True):
        for key, label in zip(sentence_keys, sentence_labels, strict=True):
            totals.setdefault(key, Counter())[label.partition("-")[2] or "O"] += 1
    result = []
    for sentence_keys, sentence_labels in zip(keys, labels, strict=True):
        features = []
        for key, label in zip(sentence_keys, sentence_labels, strict=True):
            others = totals[key].copy()
            others[label.partition("-")[2] or "O"] -= 1
            kinds = sorted(kind for kind, count in others.items() if count > 0)
            features.append([f"d={kind}" for kind in kinds if kind != "O"] or (["d=O"] if kinds else []))
        result.append(features)
    return result


def with_neighbour_votes(votes: list[list[str]]) -> list[list[str]]:
    """Each word's document votes and its neighbours' (نجيب hears that محفوظ was a name)."""
    count = len(votes)
    return [
        [
            *own,
            *(
                f"{offset}{vote}"
                for offset in (-1, 1)
                if 0 <= index + offset < count
                for vote in votes[index + offset]
            ),
        ]
        for index, own in enumerate(votes)
    ]
