"""Which names the learned Arabic tagger finds are worth an editor's time (pure functions).

The tagger's span may carry a glued "and" (وخالد بن عبد الله), stop short (محمد بن, عبد العزيز
before المسلم, محمد بن ناصر before آل), start inside a body's name (مستشفى محمد بن ناصر, كتيبة
أبو بكر), begin with a common word (قاد, حينذاك, رمزية, لاعبو الفريق, ليوم الدين) or be a
preposition on a common noun (بمدينة): such names are cleaned or left out, because a
suggestion an editor must reject costs more than one missed.
"""

from __future__ import annotations

import re

from archive.text.mentions import normalize_name
from search.text.arabic import is_arabic_stop_word


# Names whose first letter is و or ف of their own (folded), kept whole.
def _folded(words: str) -> frozenset[str]:
    return frozenset(normalize_name(word) for word in words.split())


CONJUNCTION_LOOKALIKES = _folded(
    """
    وليد وائل وسام وفاء وجدي وهبي وديع وضاح ولاء وعد وحيد وصفي وهيب وفيق فيصل فهد فاطمه فراس
    فريد فؤاد فادي فايز فارس فرانسوا فرنسا فلاديمير فيكتور فيليب فيرنانديز فنزويلا فيتنام
    فلسطين فيينا فلوريدا والتر وليام ويليام وارن وانغ وولفغانغ ويلسون واشنطن ويلز
    """
)
# A short word is و/ف + one of these (وعبد الرحمن, وسان خوسيه), not a name of its own (وفاق).
SHORT_NAME_STARTS = _folded("عبد سان أبو ابن بن آل أم")
GLUED_ARTICLES = ("بال", "كال", "لل", "فال", "وال")
# Words that link a name to the next part of it: a name does not end in them, and one
# right after a span means the tagger stopped short (عبدالله يحيى آل مشراف).
NAME_LINKS = _folded("بن ابن بنت آل أبو ولد")
# A name does not end in these verbs and adverbs that follow names in news.
NOT_NAME_ENDINGS = NAME_LINKS | _folded("زار أنجز قال أكد أعلن أضاف فإن إن مثلا أيضا حاليا سابقا جامعي")
# Common words the tagger takes for a name's first word (folded, without و ف ب ل ك): verbs,
# time words, question words, common nouns, and plural nouns in construct (لاعبو الفريق:
# "the team's players") that read as a title before a name.
COMMON_FIRST_WORDS = _folded(
    """
    قاد يقود قام حينذاك آنذاك حينها وقتها عندها عندئذ حيث كيف متى رمزية يوم ليلة
    لاعبو مسؤولو موظفو مشجعو مواطنو معلمو مديرو منتجو مستثمرو متظاهرو ناشطو عاملو سائقو
    مراقبو محللو مسلحو مقاتلو مهندسو مندوبو ممثلو مصدرو مستوردو منسوبو مسؤولي لاعبي زائرو
    """
)
# Common nouns that begin names (مرسى دبي, سوق عكاظ) but alone are none: the tagger cut it.
LONE_COMMON_WORDS = _folded(
    "مرسى مشهد بازار سوق قطاع آباد سيتي جبل كورنيش ريف الريف الفرس شرق غرب شمال جنوب وسط"
)
# A person's name right after these is part of a body's or a place's name (مستشفى محمد بن ناصر).
INSTITUTION_HEADS = _folded(
    """
    مستشفى مستوصف جامعة كلية مدرسة معهد مسجد جامع شارع طريق حي ميدان ساحة مركز
    قاعة ملعب استاد جائزة مطار ميناء برج قصر مجمع مؤسسة كتيبة لواء مدينة قرية
    مجلة صحيفة جريدة قناة وكالة شركة موقع تطبيق فندق بيت دار
    """
)
# Definite words that follow a whole name in news: titles in apposition, time words.
NOT_FAMILY_NAMES = _folded(
    """
    الرئيس الأمين المدير الوزير النائب المستشار السفير المتحدث الناطق الأمير الملك الشيخ
    المهندس الدكتور اللواء العميد العقيد الفريق المدرب اللاعب المهاجم المدافع الحارس المنشد
    القيادي الفنان الكاتب الشاعر الروائي الإعلامي الصحفي الناشط الخبير الباحث الداعية الظهير
    البارحة اليوم الماضي المقبل الحالي السابق الأسبق الراحل
    """
)
# Titles between an institution's head and a name (جامعة الأمير سطام, مطار الملك فهد).
_INSTITUTION_NAME_TITLES = _folded("الملك الأمير الإمام الشيخ الشهيد الرئيس")
# A place right after these is part of a body's name (جامعة بوسطن, بورصة الصين).
BODY_HEADS = _folded(
    """
    شركة بنك مصرف جامعة كلية مستشفى مجموعة مؤسسة طيران خطوط صندوق بورصة سوق قناة صحيفة
    مجلة جريدة وكالة نادي فريق منتخب ملعب مطار فندق
    """
)
# Given names written in two words: alone they are a lone name (عبد العزيز, أبو بكر).
_COMPOUND_GIVEN_FIRSTS = _folded("عبد")
_KUNYA = normalize_name("أبو")  # أبو مازن alone is a name, أبو بكر الصديق's أبو بكر is cut
_CLITICS = "وفبلك"


_WORDS_BEFORE = re.compile(r"(?:\w+[^\S\n]+)?\w+[^\S\n]+$")
_WORD_AFTER = re.compile(r"[^\S\n]+(\w+)")


def neighbour_words(text: str, start: int, end: int) -> tuple[str, str]:
    """The (up to two) words right before text[start:end] and the word right after it, each
    "" where punctuation or a line break comes first: what suggestible_name looks at."""
    before = _WORDS_BEFORE.search(text[max(0, start - 60) : start])
    after = _WORD_AFTER.match(text, end)
    return (" ".join(before.group().split()) if before else ""), (after.group(1) if after else "")


# "Where" keeps its hamza in writing: وأين is "and where", واين is Wayne.
_QUESTION_WORD = re.compile(r"[وف]?أين")
_NEXT_WORD = re.compile(r"[^\S\n]+(\w+)")
MAX_NAME_WORDS = 12


def person_name_end(text: str, start: int, end: int) -> int:
    """Where a person's name the tagger stopped short ends: past a link and the word after
    it (… بن محمد, … آل سعود) and a family name after a given name (عبد العزيز المسلم)."""
    while len(text[start:end].split()) < MAX_NAME_WORDS:
        link = _NEXT_WORD.match(text, end)
        if not link:
            break
        if normalize_name(link.group(1)) in NAME_LINKS:
            word = _NEXT_WORD.match(text, link.end())
            if not word or is_arabic_stop_word(word.group(1)):
                break
            end = word.end()
        elif _cut_short(text[start:end].split(), link.group(1)):
            end = link.end()
        else:
            break
    return end


def conjunction_length(name: str) -> int:
    """1 when the name's first word starts with a glued و ("and"), else 0; a short word keeps
    its letter (وفاق is a name of its own) unless a name starts after it (وعبد الرحمن, فعبد)."""
    first = name.split()[0] if name.split() else ""
    if first[:1] not in ("و", "ف") or normalize_name(first) in CONJUNCTION_LOOKALIKES:
        return 0
    if normalize_name(first[1:]) in SHORT_NAME_STARTS:
        return 1
    # ف as "and" before a name is rare in news and names begin with ف (فرحان): و only.
    return 1 if first[:1] == "و" and len(first) > 4 else 0


def _without_clitics(word: str) -> set[str]:
    """The folded word and the word behind a glued و/ف and a ب/ل/ك (وأين → أين, ليوم → يوم)."""
    if word in CONJUNCTION_LOOKALIKES:
        return {word}
    forms = {word}
    for _ in range(2):
        forms |= {form[1:] for form in forms if form[:1] in _CLITICS and len(form) > 3}
    return forms


def _lone_given_name(words: list[str]) -> bool:
    folded = [normalize_name(word) for word in words]
    return len(folded) == 2 and folded[0] in _COMPOUND_GIVEN_FIRSTS


def _cut_short(words: list[str], after: str) -> bool:
    """The tagger stopped before the name's end: a link follows (… آل مشراف, … بن محمد), or
    a family name follows a given name (عبد العزيز المسلم, حمد بن عبد العزيز السويلم)."""
    following = normalize_name(after)
    if following in NAME_LINKS:
        return True
    if not following.startswith("ال") or is_arabic_stop_word(after) or following in NOT_FAMILY_NAMES:
        return False  # … بن سلمان الذي, … بن مساعد الرئيس العام: the name ended
    folded = [normalize_name(word) for word in words]
    compound = len(folded) >= 2 and (folded[-2] in {*_COMPOUND_GIVEN_FIRSTS, _KUNYA} or folded[-1] == "الله")
    family_name = folded[-1].startswith("ال") and not compound  # العواجي, not العزيز of عبد العزيز
    # بن inside the name (not ابن لادن's first word): its last word is a father's given name
    patronymic = bool({"بن", "ابن"} & set(folded[1:-1]))
    return not family_name and (compound or folded[-1].startswith("عبد") or patronymic)


def _inside_institution(before: str) -> bool:
    words = [normalize_name(word) for word in before.split()[-2:]]
    if words and words[-1] in INSTITUTION_HEADS:
        return True
    return len(words) == 2 and words[0] in INSTITUTION_HEADS and words[1] in _INSTITUTION_NAME_TITLES


_LATIN = re.compile(r"[A-Za-z]")
# Adverbs end in tanween (جانباً); ل/ب before a hamza word is a preposition (لإردوغان, لأحمد);
# a word ending in يي is a dual or plural in construct (ناديي النصر, لاعبيي).
_NOT_NAME_WORD = re.compile(r".*[\u064b]ا?|ا\u064b|[لب][أإ].*|.*يي")
# Titles glued to the name without a space (الدكتورعبدالله): the span is not the name.
_GLUED_TITLES = ("الدكتور", "المهندس", "الشيخ", "الأمير", "الأستاذ", "اللواء", "العميد")


def _not_name_word(word: str) -> bool:
    if _NOT_NAME_WORD.fullmatch(word):
        return True
    return any(word.startswith(title) and len(word) > len(title) + 2 for title in _GLUED_TITLES)


def suggestible_name(name: str, *, person: bool, before: str = "", after: str = "") -> bool:
    """Whether the tagger's name is worth suggesting; `before` is the (up to two) words right
    before it in the text, `after` the word right after ("" where punctuation comes first)."""
    words = name.split()
    if len(normalize_name(name)) < 3 or any(is_arabic_stop_word(word) for word in words):
        return False  # محمد هي, شئنا أم أبينا: a function word is no part of a name
    if _LATIN.search(name):
        return False  # Lenovo IdeaPad: the Arabic tagger knows nothing of Latin script
    if any(_not_name_word(word) for word in words):
        return False  # عبدالله جانباً, روحاني لإردوغان, ناديي النصر, الدكتورعبدالله
    if normalize_name(words[-1]) in NOT_NAME_ENDINGS:
        return False  # محمد بن, بوتين زار: the name is cut short or runs into a verb
    first = normalize_name(words[0])
    glued_noun = first[:1] in ("ب", "ل") and first.endswith("ه") and len(first) >= 5
    if first.startswith(GLUED_ARTICLES) or glued_noun:
        return False  # بالكورنيش, بمدينة: "at the ...", a preposition on a common noun
    if _without_clitics(first) & COMMON_FIRST_WORDS or _QUESTION_WORD.fullmatch(words[0]):
        return False  # قاد ديافرا ساخو, حينذاك هاري, لاعبو برشلونة, ليوم الدين
    if len(words) == 1 and _without_clitics(first) & LONE_COMMON_WORDS:
        return False  # مرسى (of مرسى دبي), آباد (of إسلام آباد)
    if _cut_short(words, after):
        return False
    if person and _inside_institution(before):
        return False  # مستشفى محمد بن ناصر is a hospital, جامعة الأمير سطام a university
    if not person and before and normalize_name(before.split()[-1]) in BODY_HEADS:
        return False  # جامعة بوسطن, بورصة الصين: the place names a body, it is not the name
    return not person or (len(words) >= 2 and not _lone_given_name(words))  # a lone name names many
