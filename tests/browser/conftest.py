"""One imported archive and one headless Chromium per module: real pages, real layout.

Playwright drives Debian's chromium (never a downloaded browser). Without it every browser
test skips with the reason; without node_modules/axe-core only the accessibility checks do.
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection as db_connection
from django.db import connections as db_connections
from django.test.utils import override_settings
from django.utils import translation

from tests.conftest import restore_migration_data

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_DIR / "seeds"
ARTIFACTS = PROJECT_DIR / "test-artifacts" / "browser"
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1000, "height": 800}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Site:
    url: str
    arabic_article: str
    english_article: str
    source: str
    entity: str

    def address(self, path: str, language: str = "en") -> str:
        return f"{self.url}{'/ar' if language == 'ar' else ''}{path}"


@pytest.fixture(scope="module")
def chromium():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian's chromium is not installed (`make test-browser-deps` installs it as root)")
    return executable


@pytest.fixture(scope="module")
def whoosh_index(tmp_path_factory):
    """Overrides the per-test index: the live server's request threads read this one all module long."""
    from haystack import connections

    info = connections.connections_info["default"]
    previous = info.get("PATH")
    if "PATH" in info:
        info["PATH"] = str(tmp_path_factory.mktemp("browser-index") / "whoosh_index")
    connections.reload("default")
    yield info.get("PATH")
    if previous is not None:
        info["PATH"] = previous
    connections.reload("default")


@pytest.fixture(scope="module")
def site(chromium, whoosh_index, django_db_setup, django_db_blocker):
    """The seeds imported once, committed (not in a test transaction) so the server's threads see
    them on any database; afterwards the database goes back to how the module found it."""
    from pytest_django.live_server_helper import LiveServer

    # Plain http, set before the server builds its middleware (which reads these once): the
    # production defaults would redirect to https and drop the language switch's CSRF cookie.
    plain_http = override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    )
    with django_db_blocker.unblock(), plain_http:
        snapshot = db_connection.creation.serialize_db_to_string()
        try:
            restore_migration_data()
            call_command("import_seeds", str(SEEDS_DIR), stdout=io.StringIO())
            server = LiveServer("localhost")
            try:
                yield build_site(server.url)
            finally:
                server.stop()
        finally:
            restore_database(snapshot)


def restore_database(snapshot: str):
    """Back to the state the migrations left (content types, permissions, data migrations'
    rows), with the same primary keys: the tests that follow expect exactly that."""
    from django.apps import apps
    from django.core.management.color import no_style

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    db_connection.creation.deserialize_db_from_string(snapshot)
    # Rows came back with explicit keys; PostgreSQL's sequences must move past them.
    with db_connection.cursor() as cursor:
        for statement in db_connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture(scope="module")
def browser(chromium, site):
    """Started after the server and closed before it stops, so no request is left in flight."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    # Playwright's sync API keeps an event loop in this thread; Django would refuse ORM calls
    # made while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
        # While Playwright runs, this thread sees other context variables, hence other database
        # connections than the ones pytest-django set up and will close: close them here, or
        # PostgreSQL refuses to drop a test database that still has a session.
        db_connections.close_all()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def build_site(url: str) -> Site:
    from archive.models import Article

    arabic = Article.objects.get(origin__contains="002_")
    english = Article.objects.get(origin__contains="004_")
    entity = shared_entity(arabic, english)
    with translation.override("en"):
        return Site(
            url=url,
            arabic_article=arabic.get_absolute_url(),
            english_article=english.get_absolute_url(),
            source=english.source.get_absolute_url(),
            entity=entity.get_absolute_url(),
        )


def shared_entity(arabic, english):
    """An entity both articles carry: the one the import tagged, or one made here if it tagged none."""
    from archive.models import Entity, EntityKind, Tag

    tagged = Entity.objects.filter(tags__article=arabic).filter(tags__article=english).first()
    if tagged is not None:
        return tagged
    entity, _ = Entity.objects.get_or_create(name="Syria", kind=EntityKind.PLACE)
    for article in (arabic, english):
        Tag.objects.update_or_create(
            article=article,
            entity=entity,
            defaults={"origin": Tag.Origin.EDITOR, "state": Tag.State.CONFIRMED, "mentions": 1},
        )
    return entity


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(desktop, site):
    desktop.clear_cookies()  # a language chosen in one test must not redirect the next
    tab = desktop.new_page()
    blocked = watch_content_security_policy(tab)
    yield tab
    tab.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


def watch_content_security_policy(tab) -> list[str]:
    """What the page's strict CSP refused (an inline style or script), as Chromium reports it."""
    blocked: list[str] = []

    def heard(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(f"{tab.url}: {message.text}")

    tab.on("console", heard)
    return blocked


def visit(page, url: str):
    page.goto(url)
    page.evaluate("document.fonts.ready.then(() => true)")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_violations(page) -> list[dict]:
    # Evaluated, not added as an inline <script>, which the page's strict CSP refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
        }))"""
    )
    return [violation for violation in violations if violation["impact"] in ("serious", "critical")]
