"""`make serve`'s server: gunicorn on config.wsgi with the same settings, static files by whitenoise."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture
def served(tmp_path):
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0")
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([*manage, *command], cwd=PROJECT_DIR, env=env, check=True, timeout=300)
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--workers", "1", "--bind", "127.0.0.1:0",
         "--error-logfile", str(log)],
        cwd=PROJECT_DIR, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log.read_text() if log.exists() else ""
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
            if found and "Booting worker" in text:
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not start: {log.read_text() if log.exists() else ''}")
        yield found.group(1)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp_path / "static", ignore_errors=True)


def _get(url: str):
    for _ in range(50):  # the worker may still be importing the project
        try:
            return urllib.request.urlopen(url, timeout=30)
        except ConnectionError:
            time.sleep(0.2)
    return urllib.request.urlopen(url, timeout=30)


def test_gunicorn_serves_pages_and_whitenoise_the_static_files_under_the_policy(served):
    page = _get(f"{served}/")
    assert page.status == 200 and "script-src 'self'" in page.headers["Content-Security-Policy"]
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.read().decode()).group(1)
    static = _get(f"{served}{stylesheet}")
    assert static.status == 200 and static.headers["Content-Type"].startswith("text/css")
