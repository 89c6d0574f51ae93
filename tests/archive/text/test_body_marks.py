import pytest

from archive.text.body_marks import marked_paragraphs, paragraph_spans

BODY = "First para names Syria.\n\n  Second: Iran and\nIraq.  \n\n\n"


def test_paragraph_spans_match_the_pages_paragraphs():
    assert [BODY[start:end] for start, end in paragraph_spans(BODY)] == [
        part.strip() for part in BODY.split("\n\n") if part.strip()
    ]


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([], [[("First para names Syria.", None)], [("Second: Iran and\nIraq.", None)]]),
        ([(17, 22, "SY"), (35, 39, "IR")],
         [[("First para names ", None), ("Syria", "SY"), (".", None)],
          [("Second: ", None), ("Iran", "IR"), (" and\nIraq.", None)]]),
        # overlapping: the first (then longest) wins; beyond the body or across paragraphs: left out
        ([(17, 22, "SY"), (17, 20, "x"), (19, 22, "y"), (50, 90, "z"), (20, 30, "w")],
         [[("First para names ", None), ("Syria", "SY"), (".", None)], [("Second: Iran and\nIraq.", None)]]),
    ],
)
def test_marked_paragraphs(mentions, expected):
    assert marked_paragraphs(BODY, mentions) == expected
