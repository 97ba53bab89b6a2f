"""The deployment files agree with the code: no Docker needed.

docker-compose.yml and the Dockerfile name modules, Celery apps and management
commands; these tests check that each one exists, so a rename in the code cannot
silently break a deploy. .env.example must name every variable the settings read.
"""

import importlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery.app.utils import find_app
from django.core.management import call_command, get_commands
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]

SETTINGS_ENV_READ = re.compile(
    r"""(?:environ\.get|environ\[|getenv|env_bool|env_list)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
)
ENV_EXAMPLE_NAME = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
COMPOSE_INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")


def command_lines(command):
    """The command lines a compose `command` runs: a list, or `sh -c "a && b"`."""
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in re.split(r"&&|;", command[2]) if part.strip()]
    return [command]


def all_command_lines(service):
    return command_lines(SERVICES[service]["command"])


def manage_py_commands(lines):
    return [line[2] for line in lines if line[:2] == ["python", "manage.py"]]


def dockerfile_text():
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def env_example_names():
    return set(ENV_EXAMPLE_NAME.findall((ROOT / ".env.example").read_text(encoding="utf-8")))


def test_compose_defines_the_app_processes_and_their_backing_services():
    assert set(SERVICES) >= {"migrate", "web", "worker", "beat", "db", "redis"}
    assert SERVICES["db"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")
    for name in APP_SERVICES:
        assert SERVICES[name]["env_file"] == ".env", name
        assert "build" in SERVICES[name], name


def test_redis_never_evicts_queued_tasks_and_keeps_them_on_disk():
    command = " ".join(SERVICES["redis"]["command"])
    assert "--maxmemory-policy noeviction" in command
    assert "--appendonly yes" in command


def test_every_named_volume_is_declared_and_data_lives_in_volumes():
    declared = set(COMPOSE["volumes"])
    mounts = {
        (name, mount.split(":")[0], mount.split(":")[1])
        for name, service in SERVICES.items()
        for mount in service.get("volumes", [])
    }
    for _service, source, _target in mounts:
        if not source.startswith((".", "/")):
            assert source in declared, f"volume {source} is used but not declared"
    targets = {(service, target) for service, _source, target in mounts}
    assert ("db", "/var/lib/postgresql/data") in targets
    assert ("redis", "/data") in targets
    assert ("web", "/app/media") in targets
    assert ("worker", "/app/media") in targets


def test_app_processes_start_after_migrations_and_healthy_backing_services():
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ["web", "worker", "beat"]:
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
    for name in ["db", "redis", "web", "worker"]:
        assert "healthcheck" in SERVICES[name], name


def test_gunicorn_serves_the_project_wsgi_application():
    dockerfile_cmd = re.search(r"^CMD (\[.*\])$", dockerfile_text(), re.MULTILINE)
    assert dockerfile_cmd, "the Dockerfile has no CMD in exec form"
    cmd = yaml.safe_load(dockerfile_cmd.group(1))
    for line in [cmd, *all_command_lines("web")]:
        assert line[0] == "gunicorn"
        module_name, attribute = line[1].split(":")
        application = getattr(importlib.import_module(module_name), attribute)
        assert callable(application)


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_processes_name_the_project_celery_app(service):
    (line,) = all_command_lines(service)
    assert line[:3] == ["celery", "-A", "portal"]
    assert line[3] == service
    app = find_app(line[2])
    assert app.main == "portal"


def test_worker_health_check_pings_the_same_celery_app():
    test = SERVICES["worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    line = shlex.split(test[1])
    assert line[:5] == ["celery", "-A", "portal", "inspect", "ping"]
    assert find_app(line[2]).main == "portal"


def test_every_management_command_the_deployment_runs_exists():
    dockerfile_commands = re.findall(r"python manage\.py (\w+)", dockerfile_text())
    compose_commands = manage_py_commands(all_command_lines("migrate"))
    assert "migrate" in compose_commands
    assert {"compile_catalogs", "collectstatic"} <= set(dockerfile_commands)
    known = get_commands()
    for command in [*dockerfile_commands, *compose_commands]:
        assert command in known, f"no management command {command!r}"


@pytest.mark.django_db
def test_the_migrate_service_can_run_on_every_deploy():
    """Every `up` runs it again, so each command after `migrate` must be idempotent."""
    for command in manage_py_commands(all_command_lines("migrate")):
        if command == "migrate":
            continue  # pytest-django has already migrated the test database
        call_command(command, verbosity=0)
        call_command(command, verbosity=0)


def web_health_check_code():
    test = SERVICES["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    return test[3]


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["outreach.example.org"])
def test_health_endpoint_answers_the_health_check_request_without_redirecting(client):
    code = web_health_check_code()
    assert "'X-Forwarded-Proto': 'https'" in code
    response = client.get(
        "/healthz", HTTP_HOST="outreach.example.org", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_web_health_check_command_passes_against_a_running_server(live_server):
    code = web_health_check_code().replace("http://127.0.0.1:8000", live_server.url)
    assert live_server.url in code
    env = {**os.environ, "ALLOWED_HOSTS": "localhost,example.org"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def project_sources():
    """The project's own Python files: not tests, tools, or the environment."""
    skip = {".venv", ".tools", "tests", "bench", "scripts", "node_modules", "migrations"}
    for path in ROOT.rglob("*.py"):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path.read_text(encoding="utf-8")


def test_env_example_names_every_variable_the_project_reads():
    read = {name for source in project_sources() for name in SETTINGS_ENV_READ.findall(source)}
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read  # the pattern still matches
    missing = read - env_example_names()
    assert not missing, f".env.example does not name: {', '.join(sorted(missing))}"


def test_env_example_names_every_variable_compose_interpolates():
    compose_source = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    missing = set(COMPOSE_INTERPOLATION.findall(compose_source)) - env_example_names()
    assert not missing, f".env.example does not name: {', '.join(sorted(missing))}"


def test_env_example_is_production_safe():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE))
    assert values["DEBUG"] == "0"
    assert values["SECURE_SSL_REDIRECT"] == "1"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000
    for secret in ["SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"]:
        assert "CHANGE-ME" in values[secret], f"{secret} must be a placeholder"


def test_env_example_names_every_variable_in_the_readme_table():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not written yet")
    table_names = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`", readme.read_text("utf-8"), re.M))
    assert table_names, "the README has no environment table (| `NAME` | ... |)"
    missing = table_names - env_example_names()
    assert not missing, f".env.example does not name: {', '.join(sorted(missing))}"


def test_web_and_worker_scale_behind_the_proxy_with_no_fixed_name_or_host_port():
    """`docker compose up --scale web=3 --scale worker=2` needs services that any number
    of containers can run: no container_name, no host port; the proxy publishes one."""
    for name in ["web", "worker"]:
        assert "container_name" not in SERVICES[name], name
        assert "ports" not in SERVICES[name], name
    proxy = SERVICES["proxy"]
    assert proxy["ports"] == ["127.0.0.1:8000:80"]
    assert "./docs/nginx/compose.conf:/etc/nginx/conf.d/outreach.conf:ro" in proxy["volumes"]
    assert "libnginx-mod-http-cache-purge" in proxy["build"]["dockerfile_inline"]
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_the_proxy_reaches_every_web_container_and_the_site_can_purge_it():
    conf = (ROOT / "docs" / "nginx" / "compose.conf").read_text(encoding="utf-8")
    assert "server web:8000;" in conf
    purge_url = SERVICES["web"]["environment"]["FRONTEND_CACHE_PURGE_URL"]
    assert purge_url == "http://proxy:8080"
    assert "listen 8080;" in conf
    for name in ["DATABASE_URL", "REDIS_URL"]:  # the web override keeps the shared backends
        assert SERVICES["web"]["environment"][name] == SERVICES["worker"]["environment"][name]


@pytest.mark.parametrize("name", ["outreach.conf", "compose.conf"])
def test_the_nginx_purge_key_is_the_cache_key(name):
    conf = (ROOT / "docs" / "nginx" / name).read_text(encoding="utf-8")
    key = re.search(r"proxy_cache_key (\S+);", conf).group(1)
    assert re.search(r"proxy_cache_purge outreach (\S+);", conf).group(1) == key
    assert "proxy_no_cache $outreach_private $http_authorization;" in conf
