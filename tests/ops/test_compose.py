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
    assert set(services) == {"db", "web", "worker", "scheduler"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["web"]["build"]
    assert services["worker"]["command"] == ["worker"]
    assert services["scheduler"]["command"] == ["scheduler"]
    entrypoint = (ROOT / "scripts/docker-entrypoint.sh").read_text()
    assert "exec python manage.py run_periodic" in entrypoint
    assert services["web"]["ports"][0]["target"] == 8000


def test_compose_services_have_healthchecks(compose_config):
    services = compose_config["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "scripts/healthcheck.py",
    ]
    assert "check" in services["worker"]["healthcheck"]["test"]
    assert "check" in services["scheduler"]["healthcheck"]["test"]


def test_compose_starts_services_in_order(compose_config):
    services = compose_config["services"]
    assert services["web"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("worker", "scheduler"):
        assert services[name]["depends_on"] == {"web": {"condition": "service_healthy"}}


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
