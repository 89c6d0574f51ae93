"""No input in any URL parameter gives a server error (Hypothesis over every URL's parameters).

Integers and dates are the risky ones (an id past the database's range overflowed SQLite:
HTTP 500): each parameter gets huge, negative, malformed and ordinary values, alone and
mixed, on every page and API endpoint, in both interface languages.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article, Entity, Source

INTEGERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "1", "-1", "2", str(2**63), str(2**63 - 1), str(2**64), "1e9", "0x10", " 1", "١٢"]),
    st.text(max_size=12),
)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["0000-01-01", "9999-12-31", "2015-02-30", "2015-13-01", "1-1-1", "20150101", ""]),
    st.text(max_size=12),
)
TEXT = st.text(max_size=40)
QUERY = {
    "lang": st.one_of(st.sampled_from(["ar", "en", "fr", ""]), TEXT),
    "source": st.one_of(st.sampled_from(["was", "sana", ""]), TEXT),
    "entity": INTEGERS,
    "from": DATES,
    "to": DATES,
    "page": INTEGERS,
}
SEARCH = {
    **QUERY,
    "q": st.one_of(st.sampled_from(["trade", "وزير", '"', "(", "a OR", "*", ""]), TEXT),
    "year": INTEGERS,
    "sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), TEXT),
    "exact": st.one_of(st.sampled_from(["on", "off", "1"]), TEXT),
    "entities": st.one_of(st.sampled_from(["on", "off"]), TEXT),
}
LISTS = {"/": {"page": INTEGERS}, "/articles/": QUERY, "/search/": SEARCH, "/api/search/": SEARCH,
         "/sources/was/": {"page": INTEGERS}, "/entities/{entity}/": {"page": INTEGERS}}  # fmt: skip
ONE_ID = ["/articles/{}/", "/articles/{}/raw/", "/entities/{}/", "/entities/{}/chart.png",
          "/api/articles/{}/", "/api/entities/{}/"]  # fmt: skip
PATH_IDS = st.one_of(
    st.integers(min_value=0, max_value=10**30), st.sampled_from([2**63 - 1, 2**63, 2**64, 10**19])
)
EXAMPLES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def archive(db):
    source = Source.objects.create(name="Saudi Press Agency", slug="was")
    article = Article.objects.create(
        title="Trade talks", body="Ministers discussed trade.", raw_text="t", language="en",
        fingerprint="t", origin="test#t", source=source,
    )  # fmt: skip
    entity = Entity.objects.create(name="Test Entity Q", kind="place", state=Entity.State.CONFIRMED)
    return {"article": article.pk, "entity": entity.pk}


def _assert_no_server_error(client, url: str, params: dict | None = None) -> None:
    client.raise_request_exception = False
    response = client.get(url, params or {})
    assert response.status_code < 500, (url, params, response.status_code)


@pytest.mark.parametrize("prefix", ["", "/ar"])
@pytest.mark.parametrize("url", list(LISTS))
def test_no_parameter_value_gives_a_server_error(archive, client, url, prefix):
    path = url.format(**archive)
    api = path.startswith("/api/")

    @EXAMPLES
    @given(st.fixed_dictionaries({}, optional=LISTS[url]))
    def check(params):
        _assert_no_server_error(client, path if api else prefix + path, params)

    check()


@pytest.mark.parametrize("url", ONE_ID)
def test_no_id_in_a_path_gives_a_server_error(archive, client, url):
    @EXAMPLES
    @given(PATH_IDS)
    def check(pk):
        _assert_no_server_error(client, url.format(pk))

    check()


def test_the_api_answers_a_bad_integer_or_date_with_400_naming_the_parameter(archive, client):
    bad = [("entity", "99999999999999999999999"), ("page", "0"), ("year", "x"), ("from", "2015-02-30")]
    for name, value in bad:
        response = client.get("/api/search/", {"q": "trade", name: value})
        assert response.status_code == 400, (name, value)
        assert name in response.json()["errors"] or (name == "from" and "from" in str(response.json()))
