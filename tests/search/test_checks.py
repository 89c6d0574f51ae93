"""The start-up check names a Whoosh other than the one search.whoosh_internals was written for."""

import whoosh
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from search.checks import whoosh_version_is_supported
from search.whoosh_internals import WHOOSH_VERSION


def test_the_shipped_whoosh_passes():
    assert tuple(whoosh.__version__[:3]) == WHOOSH_VERSION == (2, 7, 4)
    assert whoosh_version_is_supported(None) == []
    call_command("check", "--tag", "compatibility")


def test_another_whoosh_is_an_error_at_start_up(monkeypatch):
    monkeypatch.setattr(whoosh, "__version__", (2, 8, 0))
    assert whoosh.versionstring() == "2.8.0"
    (error,) = whoosh_version_is_supported(None)
    assert error.id == "search.E001" and error.is_serious()
    assert "Whoosh 2.8.0 is installed" in error.msg and "2.7.4" in error.msg
    try:
        call_command("check")
    except SystemCheckError as failure:
        assert "search.E001" in str(failure)
    else:
        raise AssertionError("manage.py check passed with an unsupported Whoosh")
