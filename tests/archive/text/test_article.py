from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from archive.text.article import ParsedArticle, UnparseableArticle, parse_article
from archive.text.decoding import decode_bytes
from archive.text.sources import AL_WATAN, SANA, SYRIAN_OBSERVER, Source

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"


@dataclass(frozen=True)
class Expected:
    seed: str
    language: str
    title: str
    published: date | None
    source: Source | None
    author: str | None
    section: str | None
    first_paragraph_starts: str
    absent: tuple[str, ...]


SEED_EXPECTATIONS = [
    Expected(
        seed="000",
        language="en",
        title="Syrian-Russian talks in field of communications and cybersecurity",
        published=None,
        source=SANA,
        author="Bushra Dabin / Ruaa al-Jazaeri",
        section=None,
        first_paragraph_starts="Damascus, SANA- The Telecommunications and Postal",
        absent=("Check Also", "QSD militia", "Bushra Dabin", "Raqqa"),
    ),
    Expected(
        seed="001",
        language="en",
        title=(
            "Minister of Communications discusses with his Iranian counterpart enhancing "
            "cooperation in the field of communications and information technology"
        ),
        published=None,
        source=None,
        author="Inas Abdulkareem",
        section=None,
        first_paragraph_starts="Minister of Communications and Technology, Eng. Iyad Al-Khatib",
        absent=("You might also like", "Latest news", "Muslim World League", "Inas Abdulkareem"),
    ),
    Expected(
        seed="002",
        language="ar",
        title="اتفاقيات تقنية جديدة بين سوريا والأردن في دمشق",
        published=date(2025, 11, 21),
        source=None,
        author="فريق العمل",
        section="أخبار سورية",
        first_paragraph_starts="شهدت دمشق اليوم انعقاد الملتقى السوري الأردني",
        absent=("الكاتب", "مشاركة:", "اقرأ أيضاً", "●", "أخبار سورية", "ـــ"),
    ),
    Expected(
        seed="003",
        language="ar",
        title=(
            "هل تكون عُمان نقطة عبور للاتصالات مع الخارج ؟ وزير الاتصالات السوري ونظيره "
            "العُماني يناقشان تبادل التجارب … معاونة وزير الاتصالات لـ«الوطن» نعمل على "
            "الاستفادة من تجربة عُمان في أمن المعلومات"
        ),
        published=None,
        source=AL_WATAN,
        author="رامز محفوظ",
        section="اقتصاد",
        first_paragraph_starts="اجتمع وزير الاتصالات والتقانة إياد الخطيب أمس",
        absent=("زر الذهاب إلى الأعلى", "صحيفة الوطن", "رامز محفوظ", "|"),
    ),
    Expected(
        seed="004",
        language="en",
        title=(
            "Officials from Syria and Russia held a series of meetings to discuss further "
            "means to boost cooperation in different areas, according to SANA."
        ),
        published=date(2022, 6, 15),
        source=SYRIAN_OBSERVER,
        author=None,
        section=None,
        first_paragraph_starts="Officials from Syria and Russia held a series of meetings",
        absent=("date 2022-06-15", "edited by The Syrian Observer", "not verified"),
    ),
]


def _parse_seed(seed: str) -> ParsedArticle:
    (path,) = SEEDS_DIR.glob(f"{seed}_*.txt")
    return parse_article(decode_bytes(path.read_bytes()))


@pytest.fixture(scope="module", params=SEED_EXPECTATIONS, ids=lambda expected: expected.seed)
def seed_case(request) -> tuple[ParsedArticle, Expected]:
    return _parse_seed(request.param.seed), request.param


def test_seed_metadata(seed_case: tuple[ParsedArticle, Expected]) -> None:
    article, expected = seed_case
    assert article.language == expected.language
    assert article.title == expected.title
    assert article.published == expected.published
    assert article.source == expected.source
    assert article.author == expected.author
    assert article.section == expected.section


def test_seed_body_starts_with_the_first_real_paragraph(
    seed_case: tuple[ParsedArticle, Expected],
) -> None:
    article, expected = seed_case
    assert article.body.startswith(expected.first_paragraph_starts)


def test_seed_body_has_no_page_furniture(seed_case: tuple[ParsedArticle, Expected]) -> None:
    article, expected = seed_case
    for fragment in expected.absent:
        assert fragment not in article.body


def test_seed_body_does_not_repeat_the_headline(
    seed_case: tuple[ParsedArticle, Expected],
) -> None:
    article, _ = seed_case
    assert article.title not in article.body.split("\n\n")


def test_seed_body_paragraphs_are_separated_by_one_blank_line(
    seed_case: tuple[ParsedArticle, Expected],
) -> None:
    article, _ = seed_case
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) > 2
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in paragraphs)


def test_relative_date_in_the_text_is_not_the_publication_date() -> None:
    article = _parse_seed("002")
    assert "في الثامن من كانون الأول القادم" in article.body
    assert article.published == date(2025, 11, 21)


def test_text_is_kept_as_written() -> None:
    article = _parse_seed("003")
    # Harakat and tatweel stay: normalisation is the search index's job.
    assert "وتمّ التأكيد خلال الاجتماع" in article.body
    assert "وناقـل البيانـات الحكومـي" in article.body


def test_seed_004_subheadings_stay_in_the_body() -> None:
    paragraphs = _parse_seed("004").body.split("\n\n")
    assert "Maritime cooperation" in paragraphs
    assert "4th Meeting on Return" in paragraphs


def test_every_seed_parses() -> None:
    assert len(list(SEEDS_DIR.glob("*.txt"))) == len(SEED_EXPECTATIONS)


PARAGRAPH = (
    "The Telecommunications and Postal Regulatory Authority discussed with a delegation "
    "means to enhance cooperation."
)


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        pytest.param(
            f"Headline of the day\n21 November 2025\n\n{PARAGRAPH}",
            "published",
            date(2025, 11, 21),
            id="date line under the headline",
        ),
        pytest.param(
            f"Headline of the day\n\n{PARAGRAPH} The deal was signed on 3 May 2019.",
            "published",
            None,
            id="a date inside the text is not the publication date",
        ),
        pytest.param(
            f"Politics\nHeadline of the day\n\n{PARAGRAPH}",
            "section",
            "Politics",
            id="english section label",
        ),
        pytest.param(
            f"Headline of the day\n\n{PARAGRAPH}\n\nBy John Smith",
            "author",
            "John Smith",
            id="labelled byline at the end",
        ),
        pytest.param(
            f"\ufeffHeadline of the day\r\n\r\n{PARAGRAPH}\r\n",
            "title",
            "Headline of the day",
            id="BOM and CRLF in a str",
        ),
    ],
)
def test_other_articles_of_the_same_shape(text: str, field: str, expected: object) -> None:
    assert getattr(parse_article(text), field) == expected


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    text = (
        "Headline of the day\n\n"
        "The Telecommunications and Postal Regulatory Authority\n"
        "discussed with a delegation of the Russian Coordination\n"
        "Body means to enhance cooperation.\n\n"
        "A second paragraph follows here."
    )
    assert parse_article(text).body == (
        "The Telecommunications and Postal Regulatory Authority discussed with a delegation "
        "of the Russian Coordination Body means to enhance cooperation.\n\n"
        "A second paragraph follows here."
    )


def test_article_is_immutable() -> None:
    article = parse_article(f"Headline of the day\n\n{PARAGRAPH}")
    with pytest.raises(AttributeError):
        article.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "no recognisable text", id="empty"),
        pytest.param("   \n\n\t  \n", "no recognisable text", id="whitespace"),
        pytest.param("... --- !!! ؟؟ ، ـــــ\n***", "no recognisable text", id="punctuation"),
        pytest.param("12345 678 2025-01-01", "no recognisable text", id="digits"),
        pytest.param("Hi there", "no recognisable text", id="too few letters"),
        pytest.param(
            "زر الذهاب إلى الأعلى\nصحيفة الوطن\nـــــ\n***",
            "no headline found",
            id="only page furniture",
        ),
    ],
)
def test_rejects_text_that_is_not_an_article(text: str, reason: str) -> None:
    with pytest.raises(UnparseableArticle, match=reason):
        parse_article(text)
