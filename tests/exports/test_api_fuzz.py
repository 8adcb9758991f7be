"""Every GET operation of the OpenAPI schema, called with hostile parameters:
never a 500 (a 4xx with a message, or an answer)."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.payloads import load_payloads

HOSTILE = st.one_of(
    st.sampled_from(load_payloads()[:200]),
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e999", "NaN", "²", "٣", "../..", "%00"]),
)


def _get_operations(schema):
    for path, item in schema["paths"].items():
        if "get" in item:
            yield path, item["get"].get("parameters", [])


def _url(path: str, parameters: list, values: dict) -> str:
    query = {}
    for parameter in parameters:
        value = values[parameter["name"]]
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", quote(value, safe=""))
        else:
            query[parameter["name"]] = value
    return path + ("?" + urlencode(query) if query else "")


def _check(client, url):
    response = client.get(url)
    assert response.status_code < 500, url
    if response.status_code >= 400 and response.status_code != 404:
        assert response.json()["detail"], url


@pytest.mark.django_db
def test_every_get_operation_survives_hostile_parameters(client, savari):
    schema = client.get("/api/v1/openapi.json").json()
    operations = list(_get_operations(schema))
    assert len(operations) >= 15

    for path, parameters in operations:
        _fuzzer(client, path, parameters)()


def _fuzzer(client, path, parameters):
    names = [parameter["name"] for parameter in parameters]

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(values=st.fixed_dictionaries({name: HOSTILE for name in names}))
    def fuzz(values):
        _check(client, _url(path, parameters, values))

    return fuzz
