"""Organisation names learned from unlabelled news by the words that introduce them.

ANERcorp has 1,465 organisations; news names thousands more, mostly alone once the reader
knows them (الأهلي, الجزيرة, الراية), which is where the tagger misses them. In the news the
same names also follow a head word often enough (نادي الأهلي, قناة الجزيرة, صحيفة الراية):
counting, over unlabelled news, what follows نادي, فريق, صحيفة, قناة, وكالة, شركة, وزارة ...,
and how often the word occurs at all, tells which words are organisation names (الأهلي follows
a head word in a large share of its occurrences, السعودية in a small one). Pure functions:
sentences of folded words in, a small JSON-able dict out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from archive.text.ner_features import strip_clitics

# Head words by what they name, folded and without clitics (as strip_clitics leaves them).
# After a club's, a paper's, a company's or a party's head word stands a name (نادي الأهلي,
# صحيفة الراية, حزب الوفد); after the others mostly a description (فريق العمل, وزارة الخارجية,
# مجلس الأمن), which ANERcorp does not tag alone: only names the first kinds introduce are kept.
HEADS = {
    "club": "نادي",
    "team": "فريق منتخب",
    "media": "صحيفه جريده قناه وكاله مجله اذاعه تلفزيون",
    "company": "شركه بنك مصرف",
    "party": "حزب حركه جبهه",
    "body": "وزاره هيئه مجلس منظمه اتحاد جمعيه لجنه جامعه معهد مركز صندوق محكمه اكاديميه مجموعه مؤسسه",
}
NAMING = frozenset({"club", "media", "company", "party"})
HEAD_GROUP = {word: group for group, words in HEADS.items() for word in words.split()}
# a head word keeps a glued preposition or conjunction (لنادي, ولشركة) that strip_clitics keeps
_HEAD_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
MIN_AFTER_HEAD = 5
SHARES = ((0.3, "hi"), (0.1, "mid"), (0.03, "lo"))


def head_group(folded: str) -> str | None:
    """The group of the head word folded is (with or without ال and clitics), else None."""
    bare = strip_clitics(folded)
    if bare in HEAD_GROUP:
        return HEAD_GROUP[bare]
    for prefix in _HEAD_PREFIXES[1:]:
        if folded.startswith(prefix) and folded[len(prefix) :] in HEAD_GROUP:
            return HEAD_GROUP[folded[len(prefix) :]]
    return None


def count_followers(sentences: Iterable[list[str]]) -> tuple[Counter, Counter]:
    """(every clitic-free word, (word, group) after a head word) over sentences of folded words."""
    total, after = Counter(), Counter()
    for sentence in sentences:
        bare = [strip_clitics(word) for word in sentence]
        total.update(bare)
        for index, word in enumerate(sentence[:-1]):
            group = head_group(word)
            if group is None:
                continue
            # the name may stand in quotes (صحيفة "الراية")
            start = index + 2 if not _is_word(sentence[index + 1]) else index + 1
            if start >= len(sentence) or not _is_word(sentence[start]) or head_group(sentence[start]):
                continue
            after[(bare[start], group)] += 1
    return total, after


def _is_word(token: str) -> bool:
    return any(char.isalpha() for char in token)


def share_bucket(share: float) -> str | None:
    return next((name for floor, name in SHARES if share >= floor), None)


def org_lexicon(total: Counter, after: Counter) -> dict:
    """{"words": {word: "hi:club" ...}}: the words that follow a naming head word often enough,
    by the share of their occurrences that do and the head's group (the most frequent one)."""
    by_word: dict[str, Counter] = {}
    for (word, group), count in after.items():
        by_word.setdefault(word, Counter())[group] += count
    words = {}
    for word, groups in by_word.items():
        count = sum(groups.values())
        bucket = share_bucket(count / max(total[word], 1))
        group = groups.most_common(1)[0][0]
        named = group in NAMING and len(word) > 1 and word not in HEAD_GROUP
        if count >= MIN_AFTER_HEAD and bucket and named:
            words[word] = f"{bucket}:{group}"
    return {"words": dict(sorted(words.items()))}
