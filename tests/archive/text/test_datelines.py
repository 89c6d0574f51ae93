import pytest

from archive.text.datelines import dateline_place


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("NEW YORK, March 3 -", "New York"),
        ("WASHINGTON, Feb 26 -", "Washington"),
        ("  SALVADOR, Feb 26 -", "Salvador"),
        ("BANK OF ENGLAND, March 9 -", "Bank of England"),
        # the state or province after a city is its country (the story is about it)
        ("LOUISVILLE, Ky., Feb 26 -", "Louisville, United States"),
        ("SAN JOSE, Calif., Feb 26 -", "San Jose, United States"),
        ("PARSIPPANY, N.J., March 2 -", "Parsippany, United States"),
        ("SOUTHFIELD, MICH., March 3 -", "Southfield, United States"),
        ("CHARLESTON, W. Va., April 1 -", "Charleston, United States"),
        ("CALGARY, Alberta, March 5 -", "Calgary, Canada"),
        # a country after the city is kept, not dropped with the date
        ("WOLFSBURG, West Germany, March 13 -", "Wolfsburg, West Germany"),
        ("AMSTERDAM, The Netherlands, March 4 -", "Amsterdam, The Netherlands"),
        ("March 3 -", ""),
        ("", ""),
    ],
)
def test_dateline_place(dateline, place):
    assert dateline_place(dateline) == place
