"""Arabic normalisation, stop words and light stemming (pure functions, no Whoosh).

The order matters and follows the light10 family of stemmers (Larkey, Ballesteros and
Connell): vowel marks go first, then letters that writers use interchangeably are
folded to one form, and only then are prefixes and suffixes stripped, so every
spelling of a word meets the stemmer in the same shape.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Harakat (fathatan .. sukun), superscript alef and tatweel: required by the design.
# Quranic annotation signs and the combining hamza/madda are stripped too, because
# they are just as invisible to a searcher and would otherwise split or alter words.
ARABIC_MARKS = (
    "\u0610-\u061a"  # Quranic honorifics and small high letters
    "\u064b-\u065f"  # harakat, combining madda/hamza, other vowel signs
    "\u0670"  # superscript (dagger) alef
    "\u0640"  # tatweel
    "\u06d6-\u06ed"  # Quranic annotation marks
    "\u200c\u200d"  # zero-width (non-)joiners typed inside Persian/Arabic words
)
_MARKS_RE = re.compile(f"[{ARABIC_MARKS}]+")

# Letters that normalise to one form. Hamza on waw/yeh (ؤ ئ) is left alone: it is
# orthographically meaningful and light10 keeps it too.
_ALEF_AND_PERSIAN_FOLDS = {
    "\u0622": "\u0627",  # آ alef madda
    "\u0623": "\u0627",  # أ alef hamza above
    "\u0625": "\u0627",  # إ alef hamza below
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u06cc": "\u064a",  # ی Farsi yeh
    "\u06a9": "\u0643",  # ک keheh
}
_DIGIT_FOLDS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic ٠-٩
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # extended (Persian) ۰-۹
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
}
_FINAL_LETTER_FOLDS = {
    "\u0649": "\u064a",  # ى alef maqsura -> ي
    "\u0629": "\u0647",  # ة ta marbuta -> ه
}
# The stop-word key folds less than a search term does: على (on) must not swallow the
# name علي (Ali) just because ى and ي fold together in search terms.
_STOP_KEY_TABLE = str.maketrans({**_ALEF_AND_PERSIAN_FOLDS, **_DIGIT_FOLDS})
_TERM_TABLE = str.maketrans({**_ALEF_AND_PERSIAN_FOLDS, **_DIGIT_FOLDS, **_FINAL_LETTER_FOLDS})


_DIGIT_TABLE = str.maketrans(_DIGIT_FOLDS)


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits: ٢٢٥ and ۲۲۵ both become 225."""
    return text.translate(_DIGIT_TABLE)


def strip_diacritics(text: str) -> str:
    """Remove harakat, superscript alef and tatweel (and other invisible marks)."""
    return _MARKS_RE.sub("", text)


def _compose(text: str) -> str:
    # NFKC turns presentation forms (ﻻ, ﷲ from PDFs) into plain letters and composes
    # alef + combining hamza into أ; skipped when already normal, which is the norm.
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalize_arabic(word: str) -> str:
    """The search form of an Arabic word: unvowelled, one alef, ي for ى, ه for ة, ASCII digits."""
    return strip_diacritics(_compose(word)).translate(_TERM_TABLE)


def _stop_key(word: str) -> str:
    return strip_diacritics(_compose(word)).translate(_STOP_KEY_TABLE)


# Function words, written as they appear after _stop_key (alef forms folded, ى and ة
# kept). Both the correct إلى and the common misspelling الي are listed; علي is not,
# because it is the name Ali.
_BASE_STOP_WORDS = """
من في الى الي على عن مع الا إلا لا لم لن ما ماذا متى هل او ام ثم بل لكن حتى حتي اذا اذ
ان انه انها انهم كان كانت يكون تكون كانوا قد لقد هذا هذه هذة ذلك تلك هذان هاتان هؤلاء
هناك هنا التي التى الذي الذى الذين اللذان اللتان اللذين اللتين اللواتي اللاتي
هو هي هم هما هن نحن انا انت انتم انتن
كل بعض غير بين منذ عند عندما حيث ضمن خلال بعد قبل لدى دون سوى مثل كما عبر نحو حول ضد
ايضا اي به بها له لها لهم لهن منه منها منهم فيه فيها فيهم عليه عليها عليهم اليه اليها
عنه عنها عنهم ذات اما وما ثمة
"""
ARABIC_STOP_WORDS: frozenset[str] = frozenset(
    form
    for word in _BASE_STOP_WORDS.split()
    for form in (word, "و" + word)  # و is a conjunction glued to the next word
)


def is_arabic_stop_word(word: str) -> bool:
    """True for a function word; accepts the word vowelled or not, any alef form."""
    return _stop_key(word) in ARABIC_STOP_WORDS


# --- light stemming -----------------------------------------------------------------

# Definite article with its glued prepositions/conjunction (light10's list, plus ولل
# which light10 reaches in two steps), longest first so وال wins over ال.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "ولل", "ال", "لل")
_CONJUNCTION = "و"
# light10's suffixes in its order, after normalisation (ية and ة are يه and ه by then).
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# light10 keeps at least two letters after any strip; a bare و needs three left.
_MIN_STEM_AFTER_PREFIX = 2
_MIN_STEM_AFTER_SUFFIX = 2
_MIN_STEM_AFTER_CONJUNCTION = 3

# Words whose leading و is a root letter, not "and". Without this guard light10 turns
# وزير into زير while الوزير becomes وزير, so the two never meet. Listed as words and
# compared after suffix stripping, so وزيرة, وزارات, وطنية are covered too.
_WAW_INITIAL_WORDS = """
وزير وزيرة وزراء وزارة وزارات وطن وطني اوطان وقت وقتها وفد وفود وضع اوضاع وضعية وصل وصول
واقع وقائع وقوع وقع وقعت وكالة وكالات وكيل وكلاء ولاية ولايات والي ولي ولاء وسط وسيط
وسطاء وساطة وسيلة وسائل وثيقة وثائق وحدة وحدات وحيد واحد واحدة وجه وجهة وجهات وجود
وجد وعد وعود وفاة وفيات وفق وفقا ورد وارد واردات وزن ولد والد والدة والدين ولادة
ورقة ورش ورشة وظيفة وظائف وعي وقف وقود وصف وصفة وصية وباء وادي واجب واجبات واضح
واسع وسع وحش وهم وداع ودي وديعة ودائع وافد وافدين وفر وفرة وقاية وقائي وريث ورثة
وسام وشك وضوح وئام وطنيين وطنيون واشنطن وليد وائل وفاء وجدي وهبي وارسو
"""
# Words whose last letters belong to the stem although they look like a suffix
# (ان, ين, ي): without the guard لبنان becomes لبن while لبنانيين becomes لبنان.
_STEM_FINAL_WORDS = """
لبنان ايران عمان يابان سودان يونان باكستان افغانستان كردستان اذربيجان تايوان فاتيكان
بحرين فلسطين برلمان ميدان انسان بيان سلمان رمضان عثمان سليمان عدنان سلطان طيران
"""


def _strip_suffixes(word: str) -> str:
    # One pass over the list, as light10 does: قراراتها loses ها, then ات.
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM_AFTER_SUFFIX:
            word = word[: -len(suffix)]
    return word


_WAW_INITIAL_STEMS = frozenset(_strip_suffixes(normalize_arabic(word)) for word in _WAW_INITIAL_WORDS.split())
_STEM_FINAL_STEMS = frozenset(normalize_arabic(word) for word in _STEM_FINAL_WORDS.split())


def _strip_article(word: str) -> str:
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM_AFTER_PREFIX:
            return word[len(prefix) :]
    return word


def _strip_prefixes(word: str) -> str:
    if word.startswith(_CONJUNCTION) and _strip_suffixes(word) in _WAW_INITIAL_STEMS:
        return word  # وزير, والدة: the و (and the ال-looking letters) are the stem's
    without_article = _strip_article(word)
    if without_article != word:
        return without_article
    if word.startswith(_CONJUNCTION) and len(word) - 1 >= _MIN_STEM_AFTER_CONJUNCTION:
        return _strip_article(word[1:])  # وبالتالي -> بالتالي -> تالي
    return word


@lru_cache(maxsize=1 << 15)
def stem_arabic(word: str) -> str:
    """Light-stem a word already passed through normalize_arabic (الاتصالات -> اتصال)."""
    word = _strip_prefixes(word)
    if word in _STEM_FINAL_STEMS:
        return word
    return _strip_suffixes(word)
