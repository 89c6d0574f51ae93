"""Production settings pass Django's deploy check; the public development key does not."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PROJECT_DIR


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SEARCH_"))
    }
    environment.update(ARCHIVE_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = deploy_check(
        tmp_path,
        DJANGO_SECRET_KEY="x7!Qm2#pL9$vR4^tY8&wZ1*eU6(oI3)aS5_dF0+gH7-jK2=lN4",
        DJANGO_ALLOWED_HOSTS="archive.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_a_secret_key(tmp_path):
    result = deploy_check(tmp_path, DJANGO_ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stdout + result.stderr


def test_data_dir_holds_database_and_index(tmp_path):
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['NAME']);"
        "print(settings.HAYSTACK_CONNECTIONS['default']['PATH'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=60, check=True,
    )
    database, index = result.stdout.split()
    assert database.startswith(str(tmp_path)) and index.startswith(str(tmp_path))


def test_admin_logins_are_throttled_the_right_password_too(db, client):
    from django.contrib.auth.models import User
    from django.utils import translation

    User.objects.create_superuser("chief", password="right-password-42")
    codes = [client.post("/admin/login/", {"username": "chief", "password": "wrong"}).status_code
             for _ in range(5)]  # fmt: skip
    assert codes == [200] * 4 + [429], "the login form again, with its error, until the fifth"
    locked = client.post("/admin/login/", {"username": "chief", "password": "right-password-42"})
    assert locked.status_code == 429
    assert "too many login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    arabic = client.post("/ar/admin/login/", {"username": "chief", "password": "right-password-42"})
    with translation.override("ar"):
        assert arabic.status_code == 429 and "محاولات تسجيل دخول" in arabic.content.decode()


def test_pages_carry_a_strict_content_security_policy(db, client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy


def test_a_forged_forwarded_address_does_not_escape_the_throttle(db, client):
    from django.contrib.auth.models import User

    User.objects.create_superuser("chief", password="right-password-42")
    wrong = {"username": "chief", "password": "wrong"}
    for n in range(5):
        client.post("/admin/login/", wrong, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    locked = client.post("/admin/login/", {"username": "chief", "password": "right-password-42"},
                         HTTP_X_FORWARDED_FOR="10.0.0.99")  # fmt: skip
    assert locked.status_code == 429
