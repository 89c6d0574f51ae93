import pytest

from search.highlight import Span, best_window, render_snippet


@pytest.mark.parametrize(
    ("spans", "length", "width", "expected_start"),
    [
        ([], 1000, 100, 0),
        ([Span(500, 505)], 1000, 100, 480),
        ([Span(10, 12), Span(600, 605), Span(620, 625), Span(650, 655)], 1000, 100, 580),
    ],
)
def test_best_window_prefers_the_densest_stretch(spans, length, width, expected_start):
    assert best_window(spans, text_length=length, width=width)[0] == expected_start


def test_snippet_escapes_text_and_marks_only_matches():
    text = "<script>alert(1)</script> the minister & the <b>ministry</b>"
    start = text.index("minister")
    html = render_snippet(text, [Span(start, start + len("minister"))])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>minister</mark>" in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_marks_the_original_vowelled_arabic():
    text = "قال وَزِيرُ الاتِّصَالاتِ إن العمل مستمر"
    start = text.index("وَزِيرُ")
    html = render_snippet(text, [Span(start, start + len("وَزِيرُ"))])
    assert "<mark>وَزِيرُ</mark>" in html


def test_overlapping_spans_are_merged():
    html = render_snippet("abcdef ghi", [Span(0, 3), Span(2, 6)])
    assert html.startswith("<mark>abcdef</mark>")
