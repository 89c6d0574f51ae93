import pytest

from archive.text.datelines import dateline_place


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("NEW YORK, March 3 -", "New York"),
        ("WASHINGTON, Feb 26 -", "Washington"),
        ("  SALVADOR, Feb 26 -", "Salvador"),
        ("BANK OF ENGLAND, March 9 -", "Bank of England"),
        ("March 3 -", ""),
        ("", ""),
    ],
)
def test_dateline_place(dateline, place):
    assert dateline_place(dateline) == place
