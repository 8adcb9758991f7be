"""URL normalisation, so that one article is one source however it was linked.

The scheme and host are lowercased, default ports and fragments dropped,
tracking parameters (utm_*, fbclid, gclid, …) removed and the remaining query
parameters sorted.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "yclid",
    "twclid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "xtor",
    "at_medium",
    "at_campaign",
    "ref_src",
    "ref_url",
    "cmpid",
    "ocid",
}
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidURL(ValueError):
    pass


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """Return the normalised form of an http(s) URL; raise InvalidURL otherwise."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidURL(str(error)) from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise InvalidURL(url)
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise InvalidURL(url) from error
    if ":" in host:
        host = f"[{host}]"
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path or "/"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def host_of(url: str) -> str:
    """The host of a URL without a leading "www."."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
