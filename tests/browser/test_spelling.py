"""Did-you-mean in Chromium: a typo shows the corrected query's results at once, with the
query as typed one click away, in both interfaces."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from tests.browser.conftest import screenshot, visit

pytestmark = pytest.mark.django_db

CASES = {
    # typo, what the correction searches for
    "en": ("Russain cooperation", "Russian cooperation"),
    "ar": ("الاتصلات", "الاتصالات"),
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_typo_shows_results_for_the_correction_and_the_typed_query_a_click_away(page, site, language):
    typed, corrected = CASES[language]
    visit(page, site.address(f"/search/?q={quote_plus(typed)}", language))
    notice = page.locator(".spelling-corrected")
    assert notice.count() == 1
    assert page.locator(".spelling-searched bdi").inner_text() == corrected
    assert page.locator(".result").count() >= 1
    # The words keep their own direction inside either interface.
    expected_direction = "rtl" if language == "ar" else "ltr"
    searched = page.locator(".spelling-searched bdi")
    assert searched.evaluate("element => getComputedStyle(element).direction") == expected_direction
    screenshot(page, f"spelling-corrected-{language}")
    page.locator(".spelling-original").click()
    page.wait_for_load_state()
    assert "original=1" in page.url
    assert page.locator(".spelling-corrected").count() == 0
    assert page.locator(".spelling-suggested bdi").inner_text() == corrected
    screenshot(page, f"spelling-as-typed-{language}")
