"""Which words a snippet marks (search.backends.whoosh_highlight)."""

from __future__ import annotations

import pytest

from search.analyzers import bilingual_analyzer, exact_analyzer
from search.backends.whoosh_highlight import WordTerms

WORDS = {"minister", "ministers", "ministries", "met", "the", "وزير", "والوزير", "الوزراء", "الإتصالات"}


@pytest.mark.parametrize(
    ("make_analyzer", "query", "expected"),
    [
        (bilingual_analyzer, "ministers", {"minister", "ministers"}),
        (exact_analyzer, "ministers", {"ministers"}),
        (bilingual_analyzer, "الوزير", {"وزير", "والوزير"}),
        (bilingual_analyzer, "الاتصالات", {"الإتصالات"}),
        (bilingual_analyzer, "the", set()),  # a stop word marks nothing
    ],
)
@pytest.mark.parametrize("size", [1, 1000])  # also when the remembered words are forgotten each time
def test_words_whose_terms_the_query_has(make_analyzer, query, expected, size):
    analyzer = make_analyzer()
    wanted = {token.text for token in analyzer(query, mode="query")}
    word_terms = WordTerms(size=size)
    for _ in range(2):  # the second time from what was remembered
        assert word_terms.matching(analyzer, "field", set(WORDS), wanted) == expected
