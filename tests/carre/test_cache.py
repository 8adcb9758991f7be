"""The shared cache (carre/cache.py): database by default, Redis when set, and
what happens when Redis stops answering, against a real redis-server."""

import textwrap

from django.core.cache import cache
from django.test import Client

from carre.cache import cache_settings
from dossiers.models import Dossier
from dossiers.services.dossiers import create_dossier
from dossiers.services.sections import add_section
from tests.factories import PASSWORD, make_user
from tests.ops.conftest import command_env, manage, manage_on_test_db
from tests.ops.test_deploy_and_health import production_env
from tests.security.helpers import input_value

UNAVAILABLE = "La connexion est momentanément impossible"
TOO_MANY = "Trop de tentatives de connexion échouées"


def log_in(client, username, password):
    return client.post("/accounts/login/", {"login": username, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_without_redis_the_cache_is_shared_through_the_database(
    transactional_db, settings
):
    settings.CACHES = {"default": cache_settings("")}  # CARRE_REDIS_URL unset
    cache.set("carre-test-shared", "written by the test process", 60)
    shell = manage_on_test_db(
        "shell",
        "-c",
        "from django.core.cache import cache; print(cache.get('carre-test-shared'))",
    )
    output, _ = shell.communicate(timeout=120)
    cache.delete("carre-test-shared")  # the table is not emptied between tests
    assert shell.returncode == 0, output
    assert "written by the test process" in output


def test_a_redis_url_with_a_wrong_scheme_is_refused_in_one_line():
    env = command_env(CARRE_REDIS_URL="http://redis:6379/0")
    result = manage("check", env=env, check=False)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert "CARRE_REDIS_URL" in message
    assert "redis://" in message


def test_deploy_check_fails_a_per_process_cache_with_several_workers(tmp_path):
    (tmp_path / "locmem_settings.py").write_text(
        textwrap.dedent(
            """
            from carre.settings import *
            CACHES = {
                "default": {
                    "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
                }
            }
            """
        )
    )
    env = production_env(CARRE_WEB_WORKERS="3")
    env["DJANGO_SETTINGS_MODULE"] = "locmem_settings"
    env["PYTHONPATH"] = str(tmp_path)
    result = manage("check", "--deploy", env=env, check=False)
    assert result.returncode != 0
    assert "carre.E001" in result.stderr
    assert "CARRE_WEB_WORKERS=3" in result.stderr

    env["CARRE_WEB_WORKERS"] = "1"
    result = manage("check", "--deploy", env=env, check=False)
    assert "carre.E001" not in result.stderr


def test_pages_and_sessions_keep_working_while_redis_is_down(redis_cache, db):
    felix = make_user("felix")
    reader = Client()
    reader.force_login(felix)
    # The dossier page keeps its rendered body in the cache.
    dossier = create_dossier(
        author=felix, title="Reims", kind="city", status=Dossier.Status.PUBLISHED
    )
    add_section(dossier, editor=felix, title="Programme", text="Deux caméras.")
    assert "Deux caméras." in reader.get(dossier.get_absolute_url()).content.decode()
    cache.set("carre-test-page-data", "cached", 60)
    assert cache.get("carre-test-page-data") == "cached"

    redis_cache.stop()
    # Reads miss, writes are dropped, nothing raises.
    assert cache.get("carre-test-page-data") is None
    assert cache.get_or_set("carre-test-page-data", "computed again") == (
        "computed again"
    )
    cache.set("carre-test-other", "lost", 60)
    cache.delete("carre-test-other")
    for path in ("/", "/forum/", "/dossiers/", "/accounts/profile/"):
        response = reader.get(path)
        assert response.status_code == 200, path
    response = reader.get(dossier.get_absolute_url())
    assert response.status_code == 200
    assert "Deux caméras." in response.content.decode()
    # Sessions live in the database: still signed in.
    assert 'class="account-name"' in reader.get("/").content.decode()

    redis_cache.start()
    cache.set("carre-test-page-data", "back", 60)
    assert cache.get("carre-test-page-data") == "back"


def test_logins_are_refused_while_redis_is_down_then_work_again(redis_cache, db):
    make_user("felix")
    redis_cache.stop()
    client = Client()
    response = log_in(client, "felix", PASSWORD)
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert input_value(response, "login") == "felix"
    assert not is_logged_in(client)

    redis_cache.start()
    response = log_in(client, "felix", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_failed_logins_are_counted_in_redis(redis_cache, db):
    make_user("felix")
    for _attempt in range(5):
        log_in(Client(), "felix", "mauvais")
    client = Client()
    response = log_in(client, "felix", PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not is_logged_in(client)

    # The counters were in Redis only: a fresh (empty) Redis forgets them.
    redis_cache.stop()
    redis_cache.start()
    log_in(client, "felix", PASSWORD)
    assert is_logged_in(client)
