"""The pages as Chromium lays them out, in both interface languages.

Screenshots land in test-artifacts/browser/ (not committed) for a person to look at.
"""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from tests.browser.conftest import AXE, PHONE, screenshot, serious_accessibility_violations, visit

# The archive is imported once per module, committed; each test still runs in a transaction
# that is rolled back, and the mark makes pytest-django create the test database at all.
pytestmark = pytest.mark.django_db

SEARCH = "communications الاتصالات"
LANGUAGES = ["en", "ar"]


def direction(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).direction")


def interface(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def search_path(query: str) -> str:
    return f"/search/?q={quote_plus(query)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_mirrors_for_arabic_and_keeps_each_title_direction(page, site, language):
    visit(page, site.address("/", language))
    expected = ("ar", "rtl") if language == "ar" else ("en", "ltr")
    assert interface(page) == expected
    assert direction(page, "body") == expected[1]
    assert direction(page, ".article-item-title[lang=ar]") == "rtl"
    assert direction(page, ".article-item-title[lang=en]") == "ltr"
    # Mirrored layout: the site name starts the header on the right in Arabic, the left in English.
    brand = page.locator(".brand").bounding_box()
    on_right = brand["x"] + brand["width"] / 2 > page.viewport_size["width"] / 2
    assert on_right == (language == "ar")
    screenshot(page, f"home-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ["arabic", "english"])
def test_article_keeps_its_direction_in_either_interface(page, site, language, article):
    path = site.arabic_article if article == "arabic" else site.english_article
    visit(page, site.address(path, language))
    assert interface(page)[1] == ("rtl" if language == "ar" else "ltr")
    assert direction(page, "article.article h1") == ("rtl" if article == "arabic" else "ltr")
    assert direction(page, ".article-meta dt") == ("rtl" if language == "ar" else "ltr")
    screenshot(page, f"article-{article}-in-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_both_languages_with_facets(page, site, language):
    visit(page, site.address(search_path(SEARCH), language))
    assert page.locator(".result .article-item-title[lang=ar]").count() >= 1
    assert page.locator(".result .article-item-title[lang=en]").count() >= 1
    assert page.locator(".snippet[lang=ar] mark").count() >= 1
    assert page.locator(".snippet[lang=en] mark").count() >= 1
    arabic = language == "ar"
    facets = page.get_by_role("complementary", name="تضييق النتائج" if arabic else "Narrow the results")
    for label in (("العربية", "الإنجليزية") if arabic else ("Arabic", "English")):
        assert facets.get_by_role("link", name=label).count() == 1
    count = page.get_by_role("status").first.inner_text()
    assert any(character.isdigit() for character in count)
    # Content keeps its direction inside an interface of the other direction.
    assert direction(page, ".snippet[lang=ar]") == "rtl"
    assert direction(page, ".snippet[lang=en]") == "ltr"
    assert direction(page, ".result .meta bdi") == "ltr"  # a Latin source name, isolated
    screenshot(page, f"search-{language}")


def test_language_switch_keeps_the_page_and_query(page, site):
    query = "Syria سوريا"
    visit(page, site.address(search_path(query) + "&sort=newest"))
    page.locator(".language-switch button[value=ar]").click()
    page.wait_for_url("**/ar/search/?*")
    assert interface(page) == ("ar", "rtl")
    assert page.locator("#id_q").input_value() == query
    assert page.locator("#id_sort").input_value() == "newest"
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_url(f"{site.url}/search/?*")
    assert interface(page) == ("en", "ltr")
    assert page.locator("#id_q").input_value() == query


def test_an_arabic_browser_gets_the_arabic_interface(browser, site):
    context = browser.new_context(locale="ar-SY")
    try:
        tab = context.new_page()
        visit(tab, site.url + "/")
        assert tab.url == site.url + "/ar/"
        assert interface(tab) == ("ar", "rtl")
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_layout_fits_the_screen(page, site, language):
    page.set_viewport_size(PHONE)
    for name, path in (("home", "/"), ("search", search_path(SEARCH)), ("article", site.arabic_article)):
        visit(page, site.address(path, language))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} page is {overflow}px wider than a phone screen"
        screenshot(page, f"{name}-{language}-phone")


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_is_the_first_stop_and_visible(page, site, language):
    visit(page, site.address("/", language))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const element = document.activeElement, style = getComputedStyle(element);
                   const box = element.getBoundingClientRect();
                   return {cls: element.className, top: box.top, outline: style.outlineStyle}; }"""
    )
    assert focused["cls"] == "skip-link" and focused["top"] >= 0 and focused["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


PAGES = ["home", "articles", "arabic article", "english article", "search", "source", "entity", "entities",
         "sources", "filtered articles", "through an entity"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, site, language, name):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing (`make install` runs npm ci when npm exists)")
    paths = {
        "home": "/",
        "articles": "/articles/",
        "arabic article": site.arabic_article,
        "english article": site.english_article,
        "search": search_path(SEARCH),
        "source": site.source,
        "entity": site.entity,
        "entities": "/entities/",
        "sources": "/sources/",
        "filtered articles": "/articles/?lang=en&sort=oldest",
        "through an entity": search_path("روسيا"),
    }
    visit(page, site.address(paths[name], language))
    violations = serious_accessibility_violations(page)
    assert not violations, "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in violations
    )


PHONE_PAGES = {
    "search": search_path(SEARCH),
    "articles": "/articles/?lang=ar",
    "entity": None,  # the site's entity page
    "entities": "/entities/",
    "sources": "/sources/",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_phone_shows_results_in_the_first_screen_without_sideways_scroll(page, site, language, name):
    page.set_viewport_size(PHONE)
    visit(page, site.address(PHONE_PAGES[name] or site.entity, language))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} page is {overflow}px wider than a phone screen"
    if name in ("search", "articles"):
        assert page.locator("details.filter-panel").get_attribute("open") is None
        assert not page.locator(".filters select").first.is_visible()  # folded away
        first = page.locator(".article-item").first.bounding_box()
        assert first["y"] < PHONE["height"] - 100, f"the first result starts {first['y']}px down"
        screenshot(page, f"phone-{name}-{language}")
        page.locator("details.filter-panel summary").click()
        assert page.locator(".filters select").first.is_visible()
        name += "-filters-open"
    screenshot(page, f"phone-{name}-{language}")


def test_quick_search_placeholder_fits_on_a_phone(page, site):
    page.set_viewport_size(PHONE)
    visit(page, site.address("/"))
    box = page.locator("#quick-q")
    fits = box.evaluate(
        """input => { const probe = document.createElement('span'); const style = getComputedStyle(input);
                    probe.style.font = style.font; probe.textContent = input.placeholder;
                    document.body.append(probe); const width = probe.getBoundingClientRect().width;
                    probe.remove(); return width <= input.clientWidth; }"""
    )
    assert fits


@pytest.mark.parametrize("language", LANGUAGES)
def test_entity_page_names_in_reader_language_and_draws_its_chart(page, site, language):
    visit(page, site.address(site.entity, language))
    heading = page.locator("h1 bdi").first
    assert heading.get_attribute("lang") == language
    chart = page.locator("img.chart")
    loaded = chart.evaluate("image => image.complete && image.naturalWidth")
    assert loaded == 800
    screenshot(page, f"entity-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_metadata_sits_under_the_title(page, site, language):
    page.set_viewport_size(PHONE)
    visit(page, site.address(site.arabic_article, language))
    title = page.locator("article h1").bounding_box()
    meta = page.locator(".article-meta").bounding_box()
    text = page.locator(".article-text").bounding_box()
    assert title["y"] < meta["y"] < text["y"] and meta["y"] < PHONE["height"]
    assert page.locator(".cite-line").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and page.locator(".cite-line").is_visible()
    page.emulate_media(media="screen")


def test_undated_articles_come_last_and_say_date_unknown(page, site):
    visit(page, site.address("/articles/?sort=newest"))
    items = page.locator(".article-item .meta")
    texts = [items.nth(index).inner_text() for index in range(items.count())]
    unknown = [index for index, text in enumerate(texts) if "date unknown" in text]
    assert unknown and unknown == list(range(len(texts) - len(unknown), len(texts)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_hit_through_an_entity_names_it_and_marks_it(page, site, language):
    visit(page, site.address(search_path("روسيا"), language))
    via = page.locator(".result .via-entity").first
    assert "Russia" in via.inner_text() and "روسيا" in via.inner_text()
    english = page.locator(".result:has(.via-entity) .snippet[lang=en] mark").first
    assert english.inner_text().startswith("Russia")
    screenshot(page, f"search-through-entity-{language}")


def test_filters_chips_remove_one_and_clear_all(page, site):
    visit(page, site.address("/articles/?lang=en&sort=oldest"))
    assert page.locator(".chip").count() == 1
    page.locator("details.filter-panel summary").click()
    page.locator("#id_source").select_option(index=1)
    page.locator(".filter-panel button[type=submit]").click()
    page.wait_for_load_state()
    assert "=&" not in page.url and not page.url.endswith("=")  # no empty parameters
    assert page.locator(".chip").count() == 2
    page.locator(".chip").first.click()
    page.wait_for_load_state()
    assert page.locator(".chip").count() == 1
    page.locator(".chip-clear").click()
    page.wait_for_load_state()
    assert page.locator(".chip").count() == 0 and page.url.endswith("?sort=oldest")


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_pages_list_entities_and_sources(page, site, language):
    visit(page, site.address("/entities/", language))
    rows = page.locator(".index-table tbody tr")
    assert rows.count() >= 3
    page.locator("#id_q").fill("سوريا")
    page.locator(".entity-search button").click()
    page.wait_for_load_state()
    assert page.locator(".index-table tbody tr").count() >= 1
    assert "سوريا" in page.locator(".index-table tbody").inner_text()
    screenshot(page, f"entities-{language}")
    visit(page, site.address("/sources/", language))
    assert page.locator(".index-table tbody tr").count() >= 3
    assert page.locator(".index-table time").count() >= 1
    screenshot(page, f"sources-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_has_one_box_a_histogram_linking_dates_and_take_aways(page, site, language):
    visit(page, site.address(search_path("Syria سوريا"), language))
    assert page.locator("input[type=search]").count() == 1
    assert page.locator(".histogram .bar-ar").count() >= 1 and page.locator(".histogram .bar-en").count() >= 1
    exported = page.request.get(site.url + page.locator(".take-away a").first.get_attribute("href"))
    assert exported.body().startswith("\ufeff".encode()) and "سوريا".encode() in exported.body()
    feed = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert page.request.get(site.url + feed).text().startswith("<?xml")
    screenshot(page, f"search-histogram-{language}")
    page.locator(".histogram a").first.click()
    page.wait_for_load_state()
    assert "from=" in page.url and "to=" in page.url
