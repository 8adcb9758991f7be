import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.normalization import InvalidURL, host_of, normalize_url


def test_normalize_url_lowercases_host_and_drops_fragment():
    assert (
        normalize_url("HTTPS://WWW.StreetPress.com/sujet/123#comments")
        == "https://www.streetpress.com/sujet/123"
    )


def test_normalize_url_strips_tracking_parameters_and_sorts_query():
    url = "https://ex.org/a?utm_source=tw&b=2&fbclid=X&a=1&gclid=Y&utm_medium=s"
    assert normalize_url(url) == "https://ex.org/a?a=1&b=2"


def test_normalize_url_drops_default_port_keeps_others():
    assert normalize_url("http://ex.org:80/") == "http://ex.org/"
    assert normalize_url("https://ex.org:8443/x") == "https://ex.org:8443/x"


def test_normalize_url_same_article_is_same_url():
    a = normalize_url("https://www.lunion.fr/id451463/article?utm_campaign=x#top")
    b = normalize_url("https://WWW.LUNION.FR/id451463/article")
    assert a == b


@pytest.mark.parametrize(
    "url", ["", "ftp://ex.org/file", "javascript:alert(1)", "not a url", "http://"]
)
def test_normalize_url_refuses_non_web_addresses(url):
    with pytest.raises(InvalidURL):
        normalize_url(url)


def test_host_of_drops_www():
    assert host_of("https://www.streetpress.com/x") == "streetpress.com"


@settings(max_examples=200, deadline=None)
@given(
    host=st.from_regex(r"[a-zA-Z][a-zA-Z0-9-]{0,10}\.(fr|com|org)", fullmatch=True),
    path=st.from_regex(r"(/[a-zA-Z0-9._~-]{0,8}){0,3}", fullmatch=True),
    query=st.dictionaries(
        st.sampled_from(["a", "b", "utm_source", "id", "fbclid", "page"]),
        st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True),
        max_size=4,
    ),
    fragment=st.from_regex(r"[a-z]{0,5}", fullmatch=True),
)
def test_normalize_url_is_idempotent(host, path, query, fragment):
    from urllib.parse import urlencode

    url = f"https://{host}{path}?{urlencode(query)}#{fragment}"
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert "utm_source" not in once and "fbclid" not in once and "#" not in once
