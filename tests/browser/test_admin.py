"""The admin in Chromium under the site's strict Content-Security-Policy: login, lists, an edit page.

The page fixture fails a test on any CSP report (an inline script or style the policy refused).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, visit

pytestmark = pytest.mark.django_db

PASSWORD = "browser-admin-password-7"


@pytest.fixture(scope="module")
def chief(site, django_db_blocker):
    """A superuser, committed so the live server sees it (the site's teardown removes it)."""
    from django.contrib.auth.models import User

    with django_db_blocker.unblock():
        User.objects.create_superuser("chief", password=PASSWORD)
    return "chief"


def test_the_admin_logs_in_lists_and_edits_under_the_policy(page, site, chief):
    from archive.models import Article

    visit(page, site.address("/admin/login/"))
    page.fill("#id_username", chief)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    visit(page, site.address("/admin/archive/article/"))
    assert page.locator("#result_list tbody tr").count() >= 1
    article = Article.objects.order_by("pk").first()
    visit(page, site.address(f"/admin/archive/article/{article.pk}/change/"))
    assert page.locator("#article_form").count() == 1
    # The admin's own scripts (static files) ran: the inline formsets got their add links.
    assert page.locator(".add-row a, .inline-group").count() >= 1
    screenshot(page, "admin-article-change")
