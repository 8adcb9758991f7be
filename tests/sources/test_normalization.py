import pytest

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
