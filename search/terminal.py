"""Arabic for terminals that cannot shape or order it themselves (never for HTML)."""

from __future__ import annotations

import re

import arabic_reshaper
from bidi.algorithm import get_display

from search.text.script import has_arabic_script

_TAGS = re.compile(r"</?mark>")


def shape_for_terminal(text: str) -> str:
    if not has_arabic_script(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


def snippet_for_terminal(html_snippet: str, *, bold: bool) -> str:
    from html import unescape

    if bold:
        text = html_snippet.replace("<mark>", "\x1b[1m").replace("</mark>", "\x1b[0m")
    else:
        text = _TAGS.sub("", html_snippet)
    return unescape(text)
