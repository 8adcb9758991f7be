"""The self-hosting files: docker-compose.yml, Dockerfile, .env.example, lock."""

import json
import re
import shutil
import subprocess
import tomllib

import pytest

from tests.ops.conftest import ROOT

DOCKER_COMPOSE = shutil.which("docker-compose") or "/usr/bin/docker-compose"


@pytest.fixture(scope="module")
def compose_config(tmp_path_factory):
    """docker-compose.yml as Debian's docker-compose resolves it, with .env.example."""
    if not shutil.which(DOCKER_COMPOSE):
        pytest.skip("docker-compose is not installed (.ci/run installs it)")
    project = tmp_path_factory.mktemp("compose")
    shutil.copy(ROOT / "docker-compose.yml", project / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", project / ".env")
    result = subprocess.run(
        [DOCKER_COMPOSE, "config"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # docker-compose is a Python program whose interpreter carries PyYAML:
    # let it turn its own output into JSON.
    with open(DOCKER_COMPOSE) as script:
        interpreter = script.readline().removeprefix("#!").split()
    converted = subprocess.run(
        [
            *interpreter,
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)",
        ],
        input=result.stdout,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(converted.stdout)


def test_compose_has_db_web_worker_and_scheduler(compose_config):
    services = compose_config["services"]
    assert set(services) == {"db", "redis", "web", "worker", "scheduler", "proxy"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["web"]["build"]
    assert services["worker"]["command"] == ["worker"]
    assert services["scheduler"]["command"] == ["scheduler"]
    entrypoint = (ROOT / "scripts/docker-entrypoint.sh").read_text()
    assert "exec python manage.py run_periodic" in entrypoint
    # Only the proxy is published: gunicorn is reached through it.
    assert "ports" not in services["web"]
    assert services["web"]["expose"] == ["8000"]


def test_compose_services_have_healthchecks(compose_config):
    services = compose_config["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "scripts/healthcheck.py",
    ]
    for name in ("worker", "scheduler"):
        # Their heartbeats, not merely the database (tests/ops/test_healthchecks.py).
        assert services[name]["healthcheck"]["test"] == [
            "CMD",
            "python",
            "scripts/healthcheck.py",
            name,
        ]


def test_compose_starts_services_in_order(compose_config):
    services = compose_config["services"]
    healthy = {"condition": "service_healthy"}
    assert services["web"]["depends_on"] == {"db": healthy, "redis": healthy}
    for name in ("worker", "scheduler"):
        assert services[name]["depends_on"] == {"web": healthy, "redis": healthy}


def test_compose_shares_one_redis_cache_between_every_process(compose_config):
    redis = compose_config["services"]["redis"]
    assert redis["image"] == "redis:7"
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "--appendonly" in redis["command"]
    assert any(volume.startswith("redis-data:/data") for volume in redis["volumes"])
    for name in ("web", "worker", "scheduler"):
        environment = compose_config["services"][name]["environment"]
        assert environment["CARRE_REDIS_URL"] == "redis://redis:6379/0"


def test_compose_services_use_the_db_service(compose_config):
    for name in ("web", "worker", "scheduler"):
        service = compose_config["services"][name]
        url = service["environment"]["DATABASE_URL"]
        assert re.fullmatch(r"postgres://carre:[^@]+@db:5432/carre", url)
        # Settings come from .env, the same file .env.example documents.
        assert service["environment"]["CARRE_ALLOWED_HOSTS"]
        assert any(volume.endswith(":/data:rw") for volume in service["volumes"])
    db_volumes = compose_config["services"]["db"]["volumes"]
    assert any("/var/lib/postgresql/data" in volume for volume in db_volumes)


def test_compose_proxy_serves_https_for_the_domain_in_front_of_web(compose_config):
    proxy = compose_config["services"]["proxy"]
    assert proxy["image"] == "caddy:2"
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    published = {
        (port["published"], port.get("protocol", "tcp")) for port in proxy["ports"]
    }
    assert published == {(80, "tcp"), (443, "tcp"), (443, "udp")}
    assert proxy["environment"]["CARRE_DOMAIN"] == "carre.example.org"
    assert proxy["environment"]["CARRE_UPSTREAM"] == "web:8000"
    # Certificates survive a restart (Caddy keeps them in /data).
    assert any(volume.startswith("caddy-data:/data") for volume in proxy["volumes"])


def test_compose_proxy_gets_the_shipped_caddyfile_and_media_read_only(compose_config):
    proxy = compose_config["services"]["proxy"]
    volumes = proxy["volumes"]
    caddyfile = next(v for v in volumes if v.split(":")[1] == "/etc/caddy/Caddyfile")
    assert caddyfile.endswith("/deploy/Caddyfile:/etc/caddy/Caddyfile:ro")
    assert "carre-data:/srv/carre-data:ro" in volumes
    media_root = proxy["environment"]["CARRE_PROXY_MEDIA_ROOT"]
    assert media_root == "/srv/carre-data/media"


def test_compose_media_are_served_only_after_django_allowed_them(compose_config):
    web = compose_config["services"]["web"]
    prefix = web["environment"]["CARRE_MEDIA_INTERNAL_PREFIX"]
    assert prefix == "/internal-media/"
    caddyfile = (ROOT / "deploy/Caddyfile").read_text()
    # The media folder is the root of one place only: the response handler
    # that runs when Django answered X-Accel-Redirect under that prefix.
    assert caddyfile.count("root ") == 1
    assert caddyfile.count("file_server") == 1
    handler = caddyfile[caddyfile.index("handle_response @accel") :]
    assert "root * {$CARRE_PROXY_MEDIA_ROOT" in handler
    assert f"uri strip_prefix {prefix.rstrip('/')}" in handler
    assert "@accel header X-Accel-Redirect *" in caddyfile
    # The proxy is the only way in from outside.
    for name, service in compose_config["services"].items():
        assert name == "proxy" or "ports" not in service, name


def test_compose_refuses_to_start_without_a_database_password(tmp_path):
    if not shutil.which(DOCKER_COMPOSE):
        pytest.skip("docker-compose is not installed (.ci/run installs it)")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("CARRE_SECRET_KEY=x\n")
    result = subprocess.run(
        [DOCKER_COMPOSE, "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def settings_read_from_environment() -> set[str]:
    names = set()
    for path in ("carre/settings.py", "carre/config.py", "carre/pg_tools.py"):
        source = (ROOT / path).read_text()
        names |= set(
            re.findall(r"""environ(?:\.get)?[\[(]\s*["']([A-Z0-9_]+)""", source)
        )
        names |= set(re.findall(r"""env_\w+\(\s*["']([A-Z0-9_]+)""", source))
    return names


def test_env_example_documents_every_setting():
    documented = set(
        re.findall(
            r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M
        )
    )
    read = settings_read_from_environment()
    assert {"CARRE_SECRET_KEY", "DATABASE_URL", "CARRE_HTTPS"} <= read
    assert read - documented == set()


def test_dockerfile_builds_a_non_root_image_from_the_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") or "FROM python:3.12-slim" in dockerfile
    assert "FROM python:3.12-slim" in dockerfile
    assert "--require-hashes" in dockerfile
    assert re.search(r"^USER carre$", dockerfile, re.M)
    assert "collectstatic --noinput" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    entrypoint = (ROOT / "scripts/docker-entrypoint.sh").read_text()
    assert entrypoint.index("migrate") < entrypoint.index("exec gunicorn")
    assert "0.0.0.0:8000" in entrypoint
    assert "access-log" not in entrypoint.replace("# No --access-logfile", "")


def test_requirements_lock_pins_every_dependency_with_hashes():
    lock = (ROOT / "requirements.lock").read_text()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pinned = dict(
        re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^ \\\n]+)", lock, re.M | re.I)
    )
    pinned = {
        name.lower().replace("_", "-"): version for name, version in pinned.items()
    }
    for requirement in pyproject["project"]["dependencies"]:
        name, version = re.match(
            r"([A-Za-z0-9._-]+)(?:\[.*\])?==(.+)", requirement
        ).groups()
        assert pinned.get(name.lower().replace("_", "-")) == version, requirement
    assert lock.count("--hash=sha256:") >= len(pinned)
    assert "index-url" not in lock
    assert not re.search(r"https?://", lock)
