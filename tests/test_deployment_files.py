"""Compose file, Dockerfile, Procfile and .env.example refer to things that exist."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "cocommission" / "settings"


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_compose_has_the_services_with_healthchecks_and_volumes() -> None:
    """postgres, redis, web, worker and beat exist; data services keep volumes."""
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert any("pgdata" in v for v in services["postgres"]["volumes"])
    assert "migrate" in _command_text(services["web"])


def test_the_web_service_runs_the_deployment_checks_before_it_starts() -> None:
    """A deployment check error (the placeholder OCID prefix, contracts.E001)
    stops ``web`` before it migrates or serves anything."""
    command = _command_text(_compose()["services"]["web"])
    check = command.index("manage.py check --deploy --fail-level ERROR &&")
    assert check < command.index("migrate") < command.index("gunicorn")


def test_compose_commands_name_modules_that_exist() -> None:
    """Each settings module, WSGI application and Celery app in compose exists."""
    services = _compose()["services"]
    for name, service in services.items():
        text = _command_text(service)
        for module, attribute in re.findall(r"([\w.]+):(\w+)", text):
            if module.startswith(("cocommission", "cycles", "assets", "outcomes")):
                assert hasattr(importlib.import_module(module), attribute), (
                    name,
                    module,
                )
        for app in re.findall(r"-A\s+([\w.]+)", text):
            assert hasattr(importlib.import_module(app), "celery_app") or hasattr(
                importlib.import_module(f"{app}.celery"), "app"
            ), (name, app)
        settings_module = service.get("environment", {}).get("DJANGO_SETTINGS_MODULE")
        if settings_module:
            assert importlib.util.find_spec(settings_module), (name, settings_module)
        if "build" in service:
            assert (ROOT / "Dockerfile").is_file()


def test_dockerfile_copies_files_that_exist() -> None:
    """Each local path the Dockerfile copies is in the repository."""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            for source in line.split()[1:-1]:
                if source != ".":
                    assert (ROOT / source).exists(), source


def test_procfile_processes_refer_to_existing_modules() -> None:
    """The Procfile's web, worker and beat name the WSGI module and the Celery app."""
    text = (ROOT / "Procfile").read_text()
    assert {line.split(":", 1)[0] for line in text.splitlines() if line} == {
        "web",
        "worker",
        "beat",
    }
    assert "cocommission.wsgi:application" in text
    assert hasattr(importlib.import_module("cocommission.wsgi"), "application")


def test_every_environment_variable_is_documented() -> None:
    """Each variable the settings read is listed in .env.example and in the README."""
    source = "\n".join(p.read_text() for p in SETTINGS_DIR.glob("*.py"))
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', source))
    assert len(names) > 20
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    assert not {n for n in names if f"{n}=" not in example}
    assert not {n for n in names if f"`{n}`" not in readme}
