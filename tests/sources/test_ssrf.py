"""The fetcher never reaches an internal address, however it is spelled.

A contributor chooses the address a source is fetched from, so the server must
not be led to its own loopback, the private network or a cloud metadata
service: not by an IPv6 spelling of an IPv4 address, not by a name that
resolves to several addresses, not by a redirect.
"""

import ipaddress
import socket
from urllib.parse import quote, urlsplit

import pytest

from sources import services
from sources.fetching import FetchFailed, fetch, is_public_address
from sources.models import Source

INTERNAL_IPV4 = [
    "127.0.0.1",
    "10.0.0.1",
    "169.254.169.254",
    "192.168.1.1",
    "172.16.0.1",
    "100.64.0.1",
    "0.0.0.0",  # noqa: S104
    "192.0.0.8",
    "224.0.0.1",
    "255.255.255.255",
]
PUBLIC_IPV4 = ["8.8.8.8", "1.1.1.1"]
TEREDO_SERVER = ipaddress.IPv4Address("65.54.227.120")


def _ipv6(prefix: str, ipv4: str, *, shift: int = 0) -> str:
    value = (
        int(ipaddress.IPv6Address(prefix)) | int(ipaddress.IPv4Address(ipv4)) << shift
    )
    return str(ipaddress.IPv6Address(value))


def _teredo(client: str) -> str:
    value = (
        0x2001_0000 << 96
        | int(TEREDO_SERVER) << 64
        | (int(ipaddress.IPv4Address(client)) ^ 0xFFFF_FFFF)
    )
    return str(ipaddress.IPv6Address(value))


def embeddings(ipv4: str) -> dict[str, str]:
    """Every IPv6 form that carries ipv4, by name."""
    return {
        "mapped": _ipv6("::ffff:0:0", ipv4),
        "compatible": _ipv6("::", ipv4),
        "translated": _ipv6("::ffff:0:0:0", ipv4),
        "nat64": _ipv6("64:ff9b::", ipv4),
        "nat64-local": _ipv6("64:ff9b:1::", ipv4),
        "6to4": _ipv6("2002::1", ipv4, shift=80),
        "teredo": _teredo(ipv4),
    }


# The four spellings of the loopback the outside attack got through.
REPORTED = ["::127.0.0.1", "::ffff:0:7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::1"]

INTERNAL = [
    *REPORTED,
    *INTERNAL_IPV4,
    *(
        pytest.param(address, id=f"{form}({ipv4})")
        for ipv4 in INTERNAL_IPV4
        for form, address in embeddings(ipv4).items()
    ),
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "2001:db8::1",
    "ff02::1",
    # Teredo and NAT64 local use are never public, whatever they carry.
    embeddings("8.8.8.8")["teredo"],
    embeddings("8.8.8.8")["nat64-local"],
]

PUBLIC = [
    *PUBLIC_IPV4,
    "2606:4700::1111",
    "2001:4860:4860::8888",
    *(
        pytest.param(embeddings(ipv4)[form], id=f"{form}({ipv4})")
        for ipv4 in PUBLIC_IPV4
        for form in ("mapped", "compatible", "translated", "nat64", "6to4")
    ),
]


def test_the_reported_forms_embed_the_loopback():
    # The forms built above are the ones the attack used, so the lists test them.
    reported = {str(ipaddress.IPv6Address(address)) for address in REPORTED}
    assert reported <= set(embeddings("127.0.0.1").values())


@pytest.mark.parametrize("address", INTERNAL)
def test_is_public_address_refuses_internal_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_is_public_address_accepts_public_addresses(address):
    assert is_public_address(address)


def test_is_public_address_refuses_what_is_not_an_address():
    assert not is_public_address("localhost")
    assert not is_public_address("")


@pytest.mark.parametrize("address", INTERNAL)
def test_fetch_refuses_a_literal_internal_address(settings, address):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchFailed) as failure:
        fetch(f"http://{host}/latest/meta-data/")
    assert failure.value.code == "refused_address"


# A public address that the test resolver routes to the local fixture server:
# the fetcher sees a public address, and no request leaves the machine.
PUBLIC_STAND_IN = "93.184.215.14"


@pytest.fixture
def dns(monkeypatch, settings):
    """Names resolving to chosen addresses, as an attacker's DNS server would."""
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    settings.CARRE_FETCH_TIMEOUT = 2.0
    settings.CARRE_ARCHIVE_ORG = False
    real_getaddrinfo = socket.getaddrinfo
    names: dict[str, list[str]] = {}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host == PUBLIC_STAND_IN:
            return real_getaddrinfo("127.0.0.1", port, socket.AF_INET, type)
        if host in names:
            return [
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
                if ":" in address
                else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
                for address in names[host]
            ]
        return real_getaddrinfo(host, port, family, type, proto, flags)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    names["public.test"] = [PUBLIC_STAND_IN]
    return names


@pytest.fixture
def port(fixture_server):
    return urlsplit(fixture_server).port


def test_a_public_name_is_fetched(dns, port):
    # The control for the tests below: the stand-in really is reachable.
    page = fetch(f"http://public.test:{port}/good")
    assert b"Reims" in page.body


@pytest.mark.parametrize("internal", [*REPORTED, "127.0.0.1", "::ffff:127.0.0.1"])
@pytest.mark.parametrize("internal_first", [True, False], ids=["first", "last"])
def test_fetch_refuses_a_name_with_any_internal_address(
    dns, port, internal, internal_first
):
    addresses = [PUBLIC_STAND_IN, internal]
    dns["mixed.test"] = addresses[::-1] if internal_first else addresses
    with pytest.raises(FetchFailed) as failure:
        fetch(f"http://mixed.test:{port}/good")
    assert failure.value.code == "refused_address"


def test_a_redirect_to_a_public_name_is_followed(dns, port):
    location = quote(f"http://public.test:{port}/good", safe="")
    page = fetch(f"http://public.test:{port}/redirect-to?location={location}")
    assert page.url == f"http://public.test:{port}/good"


@pytest.mark.parametrize(
    "target",
    [
        "[::127.0.0.1]",
        "[::ffff:0:7f00:1]",
        "[64:ff9b::7f00:1]",
        "[2002:7f00:1::1]",
        "[::ffff:127.0.0.1]",
        "127.0.0.1",
        "internal.test",
        "mixed.test",
    ],
)
def test_fetch_refuses_a_redirect_to_an_internal_address(dns, port, target):
    dns["internal.test"] = ["::ffff:0:7f00:1"]
    dns["mixed.test"] = [PUBLIC_STAND_IN, "64:ff9b::a9fe:a9fe"]  # 169.254.169.254
    location = quote(f"http://{target}:{port}/good", safe="")
    with pytest.raises(FetchFailed) as failure:
        fetch(f"http://public.test:{port}/redirect-to?location={location}")
    assert failure.value.code == "refused_address"


def test_a_source_at_an_embedded_loopback_is_stored_as_refused(dns, port, contributor):
    dns["sneaky.test"] = ["64:ff9b::7f00:1"]
    source, _ = services.add_source_by_url(
        url=f"http://sneaky.test:{port}/good", added_by=contributor
    )
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert source.fetch_error == Source.FetchError.REFUSED_ADDRESS
    assert source.snapshot_text == ""
