import pytest
from django.core.exceptions import ImproperlyConfigured

from carre.config import (
    database_from_url,
    env_base_url,
    env_bool,
    secret_key_from_file,
)


def test_database_from_url_reads_every_part():
    database = database_from_url(
        "postgres://carre:s%40cret@db.example:6543/carre_prod?sslmode=require"
    )
    assert database["NAME"] == "carre_prod"
    assert database["USER"] == "carre"
    assert database["PASSWORD"] == "s@cret"
    assert database["HOST"] == "db.example"
    assert database["PORT"] == "6543"
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_database_from_url_refuses_other_engines():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mysql://root@localhost/carre")


def test_env_bool_names_the_variable_on_bad_value(monkeypatch):
    monkeypatch.setenv("CARRE_HTTPS", "maybe")
    with pytest.raises(ImproperlyConfigured, match="CARRE_HTTPS"):
        env_bool("CARRE_HTTPS")


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = secret_key_from_file(tmp_path)
    assert len(first) >= 50
    assert secret_key_from_file(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_env_base_url_drops_the_final_slash(monkeypatch):
    monkeypatch.setenv("CARRE_BASE_URL", "https://carre.example.org:8443/")
    assert env_base_url("CARRE_BASE_URL") == "https://carre.example.org:8443"
    monkeypatch.delenv("CARRE_BASE_URL")
    assert env_base_url("CARRE_BASE_URL") == ""


@pytest.mark.parametrize(
    "value", ["carre.example.org", "ftp://carre.example.org", "https://?x=1"]
)
def test_env_base_url_names_the_variable_on_bad_value(monkeypatch, value):
    monkeypatch.setenv("CARRE_BASE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="CARRE_BASE_URL"):
        env_base_url("CARRE_BASE_URL")
