import pytest

from archive.text.countries import CountryLinks

US, JAPAN, NEW_YORK, TOKYO, FED, BANK_OF_JAPAN = range(1, 7)
LINKS = CountryLinks.of(
    [(NEW_YORK, "place", US), (TOKYO, "place", JAPAN), (FED, "organisation", US),
     (BANK_OF_JAPAN, "organisation", JAPAN)]
)  # fmt: skip


@pytest.mark.parametrize(
    ("dateline", "named", "implied"),
    [
        pytest.param([NEW_YORK], [NEW_YORK], {US}, id="filed from a city: its country"),
        pytest.param([], [TOKYO], set(), id="a city in the body only is not its country"),
        pytest.param([], [FED], {US}, id="a national body anywhere: its country"),
        pytest.param([TOKYO], [TOKYO, JAPAN], set(), id="a country named already is not implied again"),
        pytest.param([NEW_YORK], [NEW_YORK, BANK_OF_JAPAN], {US, JAPAN}, id="both"),
        pytest.param([US], [US], set(), id="a country implies nothing"),
    ],
)
def test_the_countries_a_story_is_about(dateline, named, implied):
    assert LINKS.implied(dateline=dateline, named=named) == implied
