"""The deployment files (Dockerfile, docker-compose.yml, .dockerignore, docker/) against the code.

Docker is not needed. Every command a container would run is resolved against this work tree:
gunicorn's WSGI target is imported with the production settings and the image's environment,
`celery -A zvh` is resolved the way Celery resolves it and its arguments are parsed by Celery's
own command line, `python manage.py X` must be a Django management command that accepts its
arguments. Where PostgreSQL and Redis are reachable, the health checks are also run verbatim
against a real gunicorn, Celery worker and Celery beat, and must fail once those are stopped.
"""

import functools
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
VENV_BIN = Path(sys.executable).parent

APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("proxy", "db", "backup", "valkey", "objectstore", "clamav", "web", "worker", "beat")
ONE_SHOT = ("migrate",)
PRODUCTION_SETTINGS = "zvh.settings.production"

# Shaped like a real key: 60 characters, many distinct ones (Django's security.W009).
TEST_SECRET_KEY = "DB7k4VMh9rld6WMESulLQezA52t6cA2d9KkjKjib8ItB7qEL4IetpW4Iu6a4"
PRODUCTION_VALUES = {
    "SECRET_KEY": TEST_SECRET_KEY,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "zvh.example.nl",
    "SITE_URL": "https://zvh.example.nl",
    # A password production accepts (not a well-known default); nothing here connects with it.
    "DATABASE_URL": "postgres://zvh:a-generated-password-4f9c2e@127.0.0.1:5432/zvh",
}
# What the shell that runs `docker compose up` provides at the least.
COMPOSE_SHELL = {"SECRET_KEY": TEST_SECRET_KEY}

# Executables that the official images provide, for services that do not run the app image.
IMAGE_EXECUTABLES = {
    "postgres": {"postgres", "pg_isready", "psql", "pg_dump", "pg_restore", "bash"},
    "valkey": {"valkey-server", "valkey-cli"},
    "caddy": {"caddy", "wget"},
    # SeaweedFS's entrypoint runs `weed <sub-command>` for "server"; busybox provides wget.
    "seaweedfs": {"weed", "server", "wget"},
    # ClamAV's image: clamd, freshclam and its own health check script.
    "clamav": {"clamd", "freshclam", "clamdcheck.sh"},
}
SHELL_UTILITIES = {"grep", "sh", "test"}
HOSTNAME_PLACEHOLDER = "container-host-1"
# The app image's ENTRYPOINT: exports NAME from NAME_FILE (secrets), then execs its arguments.
ENTRYPOINT_SCRIPT = "/app/docker/entrypoint.sh"
ENV_EXAMPLE = ROOT / "docker" / "env.example"
VALID_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}

# The live checks use their own Redis database, so they never eat someone else's tasks.
LIVE_REDIS_URL = "redis://127.0.0.1:6379/13"


# --------------------------------------------------------------------------------------------
# Docker Compose: variable interpolation and the parts of the model the tests need
# --------------------------------------------------------------------------------------------


class MissingVariable(Exception):
    pass


_VARIABLE = re.compile(r"\$(?:\$|\{(?P<braced>[^}]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?", re.S)


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR:+alt} and $$."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        if match.group("plain"):
            return env.get(match.group("plain"), "")
        parts = _BRACED.fullmatch(match.group("braced"))
        assert parts, f"unsupported interpolation {match.group(0)!r}"
        name, op, arg = parts.group("name", "op", "arg")
        current = env.get(name)
        if op is None:
            return current or ""
        missing = current is None or (op.startswith(":") and current == "")
        if op.endswith("-"):
            return interpolate(arg, env) if missing else current
        if op.endswith("?"):
            if missing:
                raise MissingVariable(f"{name}: {arg}")
            return current
        return "" if missing else interpolate(arg, env)  # "+"

    return _VARIABLE.sub(replace, value)


def interpolate_tree(node, env):
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolate_tree(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate_tree(value, env) for key, value in node.items()}
    return node


@functools.cache
def raw_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def services(shell: dict[str, str] | None = None) -> dict[str, dict]:
    """The services after interpolation with the given shell environment (default COMPOSE_SHELL)."""
    return interpolate_tree(raw_compose(), COMPOSE_SHELL if shell is None else shell)["services"]


def service_environment(service: dict, shell: dict[str, str]) -> dict[str, str]:
    """The environment a container gets: `KEY:` without a value passes the shell's value, if any."""
    declared = service.get("environment") or {}
    if isinstance(declared, list):
        declared = dict(item.split("=", 1) if "=" in item else (item, None) for item in declared)
    environment = {}
    for key, value in declared.items():
        if value is None:
            if key in shell:
                environment[key] = shell[key]
        else:
            environment[key] = str(value)
    return environment


def depends_on(service: dict) -> dict[str, dict]:
    declared = service.get("depends_on") or {}
    if isinstance(declared, list):
        return {name: {"condition": "service_started"} for name in declared}
    return {name: (spec or {"condition": "service_started"}) for name, spec in declared.items()}


def command_argv(value) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else [str(item) for item in value]


def healthcheck_segments(service: dict) -> tuple[str, list[list[str]]]:
    """(form, commands): CMD-SHELL strings are split into their pipeline's commands."""
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    form, rest = test[0], test[1:]
    if form == "CMD":
        return form, [list(rest)]
    assert form == "CMD-SHELL", f"unexpected healthcheck form {form!r}"
    (script,) = rest
    script = re.sub(r"\$\{HOSTNAME:-\$\(hostname\)\}|\$\{?HOSTNAME\}?", HOSTNAME_PLACEHOLDER, script)
    assert "$" not in script, f"unresolved shell variable in health check {script!r}"
    segments, current = [], []
    for token in shlex.split(script):
        if token == "|":
            segments.append(current)
            current = []
        else:
            current.append(token)
    segments.append(current)
    if segments[0] and segments[0][0] == ENTRYPOINT_SCRIPT:  # the wrapper execs the rest
        segments[0] = segments[0][1:]
    return form, segments


# --------------------------------------------------------------------------------------------
# Dockerfile
# --------------------------------------------------------------------------------------------


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [rest for instruction, rest in self.instructions if instruction == keyword]

    @property
    def env(self) -> dict[str, str]:
        values = {}
        for rest in self.all("ENV"):
            tokens = shlex.split(rest)
            if tokens and "=" not in tokens[0]:  # legacy `ENV KEY value`
                values[tokens[0]] = " ".join(tokens[1:])
                continue
            for token in tokens:
                key, _, value = token.partition("=")
                values[key] = value
        return values

    @property
    def workdir(self) -> str:
        return self.all("WORKDIR")[-1]


@functools.cache
def dockerfile_stages() -> tuple[Stage, ...]:
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # comments, also inside a continued instruction, are dropped by Docker
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    assert not current, "Dockerfile ends inside a continued line"

    global_args, stages = {}, []
    for line in logical:
        instruction, _, rest = line.partition(" ")
        instruction, rest = instruction.upper(), rest.strip()
        if instruction == "FROM":
            tokens = interpolate(rest, global_args).split()
            name = tokens[2] if len(tokens) == 3 and tokens[1].upper() == "AS" else None
            stages.append(Stage(base=tokens[0], name=name))
        elif not stages:
            assert instruction == "ARG", f"{instruction} before the first FROM"
            key, _, default = rest.partition("=")
            global_args[key] = default
        else:
            stages[-1].instructions.append((instruction, rest))
    return tuple(stages)


def final_stage() -> Stage:
    return dockerfile_stages()[-1]


def exec_form(stage: Stage, keyword: str) -> list[str] | None:
    values = stage.all(keyword)
    if not values:
        return None
    value = values[-1]
    assert value.startswith("["), f"{keyword} must use the exec form (JSON array), not {value!r}"
    return json.loads(value)


def host_path(container_path: str) -> Path:
    """A path inside the image's WORKDIR, mapped onto this work tree."""
    workdir = final_stage().workdir.rstrip("/")
    assert container_path == workdir or container_path.startswith(workdir + "/"), (
        f"{container_path} is not under the image's WORKDIR {workdir}, where the code lives"
    )
    return ROOT / container_path[len(workdir) :].lstrip("/")


def image_environment() -> dict[str, str]:
    """The runtime image's ENV as it applies to this work tree (PATH is the local one)."""
    environment = {}
    for key, value in final_stage().env.items():
        if key == "PATH":
            continue
        if key == "PYTHONPATH":
            value = os.pathsep.join(str(host_path(part)) for part in value.split(":") if part)
        environment[key] = value
    return environment


def app_environment(extra: dict[str, str], home: Path | None = None) -> dict[str, str]:
    """A clean environment as in the container: nothing from pytest's own process leaks in."""
    return {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home or os.environ.get("HOME", "/tmp")),  # noqa: S108
        "LANG": "C.UTF-8",
        **image_environment(),
        **extra,
    }


def production_environment(**overrides: str) -> dict[str, str]:
    return app_environment({**PRODUCTION_VALUES, **overrides})


def run_python(args: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


# --------------------------------------------------------------------------------------------
# .dockerignore
# --------------------------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern:
    regex, index = "", 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            regex, index = regex + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            regex, index = regex + ".*", index + 2
        elif pattern[index] == "*":
            regex, index = regex + "[^/]*", index + 1
        elif pattern[index] == "?":
            regex, index = regex + "[^/]", index + 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            regex, index = regex + pattern[index : end + 1], end + 1
        else:
            regex, index = regex + re.escape(pattern[index]), index + 1
    return re.compile(regex + r"\Z")


@functools.cache
def dockerignore_rules() -> tuple[tuple[bool, re.Pattern], ...]:
    rules = []
    for line in DOCKERIGNORE.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        rules.append((negated, _glob_regex(line.lstrip("!").strip("/"))))
    return tuple(rules)


def in_build_context(relative: str) -> bool:
    """Docker's rule: the last matching pattern wins; a pattern matching a parent covers the path."""
    parts = relative.strip("/").split("/")
    candidates = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    excluded = False
    for negated, regex in dockerignore_rules():
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negated
    return not excluded


# --------------------------------------------------------------------------------------------
# Resolving commands against the project
# --------------------------------------------------------------------------------------------

IMPORT_WSGI = """
import sys
from gunicorn.util import import_app
application = import_app(sys.argv[1])
assert callable(application), application
print(type(application).__name__)
"""

FIND_CELERY_APP = """
import sys
from celery import Celery
from celery.app.utils import find_app
app = find_app(sys.argv[1])
assert isinstance(app, Celery), repr(app)
app.loader.import_default_modules()
print(app.main)
"""


@functools.cache
def import_in_production(code: str, target: str) -> str:
    result = run_python(["-c", code, target], production_environment())
    assert result.returncode == 0, f"{target!r} does not resolve with the production settings:\n{result.stderr[-3000:]}"
    return result.stdout.strip()


def check_gunicorn(argv: list[str]) -> str:
    from gunicorn.config import Config

    config = Config(usage="%(prog)s [OPTIONS] [APP_MODULE]", prog="gunicorn")
    try:
        options = config.parser().parse_args(argv[1:])
    except SystemExit:
        pytest.fail(f"gunicorn rejects its arguments: {argv}")
    for key, value in vars(options).items():
        if value is not None and key != "args":
            config.set(key.lower(), value)  # runs gunicorn's validators
    assert len(options.args) == 1, f"gunicorn needs exactly one WSGI target: {argv}"
    target = options.args[0]
    assert "0.0.0.0:8000" in config.bind, f"gunicorn must listen on 0.0.0.0:8000, not {config.bind}"
    assert import_in_production(IMPORT_WSGI, target) == "WSGIHandler"
    return target


def parse_celery(argv: list[str]) -> tuple[str, dict]:
    """(subcommand, its parsed parameters), as `celery` itself would parse argv."""
    from celery.app.utils import find_app
    from celery.bin.base import CLIContext
    from celery.bin.celery import celery as celery_cli

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # click's protected_args
            context = celery_cli.make_context("celery", list(argv[1:]))
            remaining = [*context.protected_args, *context.args]
        app_name = context.params.get("app")
        assert app_name, f"celery needs -A/--app: {argv}"
        name, command, arguments = celery_cli.resolve_command(context, remaining)
        context.obj = CLIContext(app=find_app(app_name), no_color=True, workdir=None, quiet=True)
        parameters = command.make_context(name, list(arguments), parent=context).params
    except click.ClickException as exc:
        pytest.fail(f"celery rejects {argv}: {exc.format_message()}")
    return name, {"app": app_name, **parameters}


def check_celery(argv: list[str]) -> tuple[str, dict]:
    from celery.worker.control import Panel

    name, parameters = parse_celery(argv)
    assert name in {"worker", "beat", "inspect"}, f"unexpected celery subcommand {name!r}"
    if name == "inspect":
        command = Panel.meta.get(parameters["command"])
        assert command is not None and command.type == "inspect", (
            f"{parameters['command']!r} is not a celery inspect command"
        )
    assert import_in_production(FIND_CELERY_APP, parameters["app"]) == "zvh"
    return name, parameters


def check_manage(argv: list[str]) -> str:
    from django.core.management import CommandError, get_commands, load_command_class

    assert (ROOT / "manage.py").is_file()
    name, *arguments = argv[2:]
    commands = get_commands()
    assert name in commands, f"`manage.py {name}` is not a Django management command"
    command = load_command_class(commands[name], name)
    try:
        command.create_parser("manage.py", name).parse_args(arguments)
    except CommandError as exc:
        pytest.fail(f"`manage.py {name}` rejects {arguments}: {exc}")
    return name


def check_script(argv: list[str]) -> Path:
    script = host_path(argv[1])
    assert script.is_file(), f"{argv[1]} ({script}) does not exist"
    assert in_build_context(str(script.relative_to(ROOT))), f"{script} is excluded by .dockerignore"
    compile(script.read_text(), str(script), "exec")
    return script


def check_app_command(argv: list[str]) -> str:
    """Fails unless argv, run in the app image, starts something that exists; returns its kind."""
    assert argv, "empty command"
    if argv[0] == "gunicorn":
        check_gunicorn(argv)
        return "gunicorn"
    if argv[0] == "celery":
        return "celery " + check_celery(argv)[0]
    if argv[0] == "python" and len(argv) > 2 and argv[1] == "manage.py":
        return "manage.py " + check_manage(argv)
    if argv[0] == "python" and len(argv) > 1 and argv[1].endswith(".py"):
        check_script(argv)
        return "script"
    pytest.fail(f"don't know what starts {argv!r} in the app image")


def uses_app_image(service: dict) -> bool:
    return "build" in service


def service_argv(service: dict) -> list[str] | None:
    """What the container runs (ENTRYPOINT + command); None for an image's own default."""
    if "entrypoint" in service:
        pytest.fail("entrypoint overrides are not understood by these tests yet")
    if "command" in service:
        return command_argv(service["command"])
    if uses_app_image(service):
        assert exec_form(final_stage(), "ENTRYPOINT") == [ENTRYPOINT_SCRIPT], "teach the tests about the ENTRYPOINT"
        return exec_form(final_stage(), "CMD")
    return None


def image_family(service: dict) -> str:
    name = service["image"].rsplit("/", 1)[-1].split(":", 1)[0]
    assert name in IMAGE_EXECUTABLES, f"unknown image {service['image']!r}: what does it provide?"
    return name


def node_name(argv: list[str], default_name: str) -> str:
    """The Celery node a `celery worker`/`celery beat` process answers as, in its container."""
    from celery.utils.nodenames import host_format, nodesplit

    parse_celery(argv)  # fails on arguments celery would reject
    explicit = None
    for index, token in enumerate(argv):
        if token in {"-n", "--hostname"}:
            explicit = argv[index + 1]
        elif token.startswith("--hostname="):
            explicit = token.partition("=")[2]
    name, host = nodesplit(explicit or "")
    return host_format(f"{name or default_name}@{host or '%h'}", host=HOSTNAME_PLACEHOLDER)


# --------------------------------------------------------------------------------------------
# docker-compose.yml
# --------------------------------------------------------------------------------------------


def test_compose_defines_the_stack():
    assert set(services()) >= {"proxy", "db", "backup", "valkey", *APP_SERVICES}
    assert "redis" not in services(), "Valkey (BSD) instead of Redis (not open source since 7.4)"


def declared_secrets() -> dict[str, dict]:
    return interpolate_tree(raw_compose(), COMPOSE_SHELL)["secrets"]


def test_secrets_reach_the_containers_as_files():
    """SECRET_KEY and the passwords are files (Docker/podman secrets), not environment values."""
    for name, secret in declared_secrets().items():
        assert set(secret) == {"file"}, f"secret {name}: only file secrets work without swarm"
    for name in APP_SERVICES:
        service = services()[name]
        environment = service_environment(service, COMPOSE_SHELL)
        for key in ("SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD", "DOCUMENTS_S3_SECRET_KEY"):
            assert key not in environment, f"{name}: {key} in plain environment"
        for key, value in environment.items():
            if key.endswith("_FILE"):
                secret = value.removeprefix("/run/secrets/")
                assert value.startswith("/run/secrets/") and secret in service["secrets"], (name, key, value)
        assert environment["SECRET_KEY_FILE"] == "/run/secrets/secret_key"
        assert environment["DATABASE_URL_FILE"] == "/run/secrets/database_url"
    db = services()["db"]
    assert service_environment(db, {})["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert "POSTGRES_PASSWORD" not in db["environment"]


def make_secrets(directory: Path) -> dict[str, str]:
    result = subprocess.run(  # noqa: S603
        ["sh", str(ROOT / "docker" / "make-secrets.sh"), str(directory)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {path.name: path.read_text() for path in directory.iterdir()}


def test_make_secrets_writes_every_declared_secret(tmp_path):
    files = make_secrets(tmp_path / "secrets")
    assert set(files) == set(declared_secrets())
    password = files["postgres_password"]
    assert len(password) >= 30 and files["database_url"] == f"postgres://zvh:{password}@db:5432/zvh"
    assert len(files["secret_key"]) >= 50
    identity = json.loads(files["objectstore_s3_config"])["identities"][0]["credentials"][0]
    assert identity == {"accessKey": files["documents_s3_access_key"], "secretKey": files["documents_s3_secret_key"]}
    assert files["documents_s3_access_key"] != "zvh-test-access"  # the public test identity
    assert make_secrets(tmp_path / "secrets") == files, "a second run keeps the existing secrets"
    assert oct((tmp_path / "secrets").stat().st_mode)[-3:] == "700"


def test_entrypoint_exports_secrets_from_files(tmp_path):
    (tmp_path / "key").write_text("een-geheim met spaties\nen een tweede regel")
    script = host_path(ENTRYPOINT_SCRIPT)
    assert in_build_context(str(script.relative_to(ROOT))) and os.access(script, os.X_OK)
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY_FILE": str(tmp_path / "key")}
    result = subprocess.run(  # noqa: S603
        [str(script), "sh", "-c", 'printf %s "$SECRET_KEY|${SECRET_KEY_FILE-unset}"'],
        env=env,
        capture_output=True,
        text=True,
    )
    # NAME_FILE is unset afterwards: settings that read NAME_FILE themselves refuse both.
    assert result.returncode == 0 and result.stdout == "een-geheim met spaties\nen een tweede regel|unset", result
    missing = subprocess.run(  # noqa: S603
        [str(script), "true"], env={**env, "SECRET_KEY_FILE": str(tmp_path / "nope")}, capture_output=True, text=True
    )
    assert missing.returncode != 0 and "SECRET_KEY_FILE" in missing.stderr


@pytest.mark.parametrize("name", [*LONG_RUNNING, *ONE_SHOT])
def test_every_image_and_build_exists(name):
    service = services()[name]
    assert "image" in service or "build" in service, f"{name} has neither image nor build"
    if "build" in service:
        build = service["build"]
        build = {"context": build} if isinstance(build, str) else build
        context = (ROOT / build.get("context", ".")).resolve()
        assert context.is_dir(), f"{name}: build context {context} does not exist"
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert dockerfile.is_file(), f"{name}: {dockerfile} does not exist"
        assert dockerfile == DOCKERFILE, f"{name}: these tests only know {DOCKERFILE}"
    else:
        image, _, tag = service["image"].partition(":")
        assert tag and tag != "latest", f"{name}: pin the image to a version, not {service['image']!r}"
        image_family(service)


def test_app_services_share_one_image():
    images = {services()[name].get("image") for name in APP_SERVICES}
    assert len(images) == 1, f"web, worker, beat and migrate must run the same image: {images}"


@pytest.mark.parametrize("name", [*LONG_RUNNING, *ONE_SHOT])
def test_service_command_points_at_something_that_exists(name):
    service = services()[name]
    argv = service_argv(service)
    if uses_app_image(service):
        expected = {
            "migrate": "manage.py migrate",
            "web": "gunicorn",
            "worker": "celery worker",
            "beat": "celery beat",
        }
        assert check_app_command(argv) == expected[name]
    elif argv is not None:
        assert argv[0] in IMAGE_EXECUTABLES[image_family(service)], f"{name}: {argv[0]} is not in the image"


def test_migrate_does_not_prompt():
    argv = service_argv(services()["migrate"])
    assert "--noinput" in argv or "--no-input" in argv


def test_dockerfile_cmd_points_at_something_that_exists():
    assert exec_form(final_stage(), "ENTRYPOINT") == [ENTRYPOINT_SCRIPT]
    cmd = exec_form(final_stage(), "CMD")
    assert cmd is not None, "the image has no CMD"
    assert check_app_command(cmd) == "gunicorn"
    assert check_gunicorn(cmd) == "zvh.wsgi:application"
    assert "--access-logfile" in cmd


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_service_has_a_health_check_that_can_run(name):
    service = services()[name]
    healthcheck = service.get("healthcheck")
    assert healthcheck and not healthcheck.get("disable"), f"{name} has no health check"
    assert healthcheck["test"] not in (["NONE"], "NONE")
    for key in ("interval", "timeout", "retries"):
        assert key in healthcheck, f"{name}: health check without {key}"
    _, segments = healthcheck_segments(service)
    first, *filters = segments
    for segment in filters:
        assert segment[0] in SHELL_UTILITIES, f"{name}: {segment[0]} in a health check pipeline"
    if uses_app_image(service):
        kind = check_app_command(first)
        assert kind in {"script", "celery inspect"}, f"{name}: unexpected health check {first}"
    else:
        assert first[0] in IMAGE_EXECUTABLES[image_family(service)], f"{name}: {first[0]} is not in the image"


def test_web_health_check_asks_the_health_endpoint():
    from django.urls import resolve

    _, [argv] = healthcheck_segments(services()["web"])
    script = check_script(argv)
    namespace = {}
    exec(compile(script.read_text(), str(script), "exec"), namespace)  # noqa: S102
    assert resolve(namespace["PATH"]).url_name == "health"


@pytest.mark.parametrize(("name", "default_node"), [("worker", "celery"), ("beat", "celerybeat")])
def test_celery_health_check_pings_the_node_the_service_runs_as(name, default_node):
    service = services()[name]
    argv = service_argv(service)
    _, [probe] = healthcheck_segments(service)
    subcommand, parameters = check_celery(probe)
    assert subcommand == "inspect" and parameters["command"] == "ping"
    assert parameters["app"] == parse_celery(argv)[1]["app"], "the check must use the service's app"
    assert parameters["destination"] == [node_name(argv, default_node)], (
        f"{name} answers as {node_name(argv, default_node)}, the check pings {parameters['destination']}"
    )
    if name == "beat":
        assert parse_celery(argv)[1].get("remote_control") is True, (
            "celery beat answers `inspect ping` only with --enable-remote-control (Celery >= 5.7)"
        )


def test_beat_keeps_its_schedule_outside_the_read_only_code():
    _, parameters = parse_celery(service_argv(services()["beat"]))
    schedule = parameters["schedule"]
    workdir = final_stage().workdir.rstrip("/")
    assert schedule.startswith("/"), f"relative schedule file {schedule!r} ends up in {workdir}"
    assert not schedule.startswith(workdir + "/"), f"{schedule} is not writable for the app user"


@pytest.mark.parametrize("name", ONE_SHOT)
def test_one_shot_service_is_not_restarted(name):
    assert str(services()[name].get("restart", "no")) == "no"


def test_depends_on_references_existing_services_with_valid_conditions():
    all_services = services()
    for name, service in all_services.items():
        for dependency, spec in depends_on(service).items():
            assert dependency in all_services, f"{name} depends on unknown service {dependency}"
            condition = spec.get("condition", "service_started")
            assert condition in VALID_CONDITIONS, f"{name} -> {dependency}: bad condition {condition!r}"
            if condition == "service_healthy":
                assert all_services[dependency].get("healthcheck"), f"{dependency} has no health check"
            if condition == "service_completed_successfully":
                assert dependency in ONE_SHOT, f"{dependency} never completes"

    def visit(name, path):
        assert name not in path, f"depends_on cycle: {' -> '.join([*path, name])}"
        for dependency in depends_on(all_services[name]):
            visit(dependency, [*path, name])

    for name in all_services:
        visit(name, [])


def test_app_services_wait_for_their_backing_services():
    expected = {
        "migrate": {"db": "service_healthy"},
        "web": {"db": "service_healthy", "valkey": "service_healthy", "migrate": "service_completed_successfully"},
        "worker": {"db": "service_healthy", "valkey": "service_healthy", "migrate": "service_completed_successfully"},
        "beat": {"valkey": "service_healthy"},
        "backup": {"db": "service_healthy"},
        "proxy": {"web": "service_started"},
    }
    for name, needs in expected.items():
        actual = {dep: spec.get("condition") for dep, spec in depends_on(services()[name]).items()}
        for dependency, condition in needs.items():
            assert actual.get(dependency) == condition, f"{name} must wait for {dependency} ({condition})"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_runs_the_production_settings(name):
    environment = service_environment(services()[name], COMPOSE_SHELL)
    assert environment["DJANGO_SETTINGS_MODULE"] == PRODUCTION_SETTINGS
    assert final_stage().env["DJANGO_SETTINGS_MODULE"] == PRODUCTION_SETTINGS
    assert "database_url" in services()[name]["secrets"]  # postgres://zvh:...@db:5432/zvh (make-secrets.sh)
    broker, cache = environment["CELERY_BROKER_URL"], environment["CACHE_URL"]
    assert broker.startswith("redis://valkey:") and cache.startswith("redis://valkey:"), (broker, cache)
    assert broker.rsplit("/", 1)[1] != cache.rsplit("/", 1)[1], "broker and cache share a database"
    assert environment["BEHIND_TRUSTED_PROXY"] == "true", "the proxy service overwrites X-Forwarded-*"


def test_app_environment_variables_are_read_by_the_settings():
    """A misspelt variable would be ignored silently; every one must mean something."""
    settings_source = "\n".join(path.read_text() for path in (ROOT / "zvh" / "settings").glob("*.py"))
    read_elsewhere = {"DJANGO_SETTINGS_MODULE", "PGPASSWORD"}  # PGPASSWORD: libpq
    for name in APP_SERVICES:
        declared = raw_compose()["services"][name]["environment"]
        for key in declared:
            key = key.removesuffix("_FILE")  # docker/entrypoint.sh exports KEY from KEY_FILE
            assert key in read_elsewhere or f'"{key}"' in settings_source, f"{name}: {key} is not read by zvh/settings/"


def settings_variables() -> set[str]:
    """Every environment variable that the production settings (base + production) read."""
    source = "\n".join((ROOT / "zvh" / "settings" / name).read_text() for name in ("base.py", "production.py"))
    pattern = r'(?:environ\.get|environ\[|getenv|env_bool|env_list|env_int|env_str|env)\(?\s*"([A-Z][A-Z0-9_]+)"'
    found = set(re.findall(pattern, source))
    if "dj_database_url.config(" in source or "dj_database_url.parse(os.environ" in source:
        found.add("DATABASE_URL")
    return found - {"PYTEST_XDIST_WORKER", "ZVH_SQLITE_PATH"}  # test runs and the SQLite demo only


def test_env_example_lists_every_setting():
    """docker/env.example is the operator's list: each variable the settings read is in it."""
    text = ENV_EXAMPLE.read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.M))
    missing = settings_variables() - listed
    assert not missing, f"not in docker/env.example: {sorted(missing)}"
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            assert not re.search(r"SECRET|PASSWORD", key), f"{key} belongs in a secret file, not env.example"


def test_app_services_read_the_operator_env_file():
    for name in APP_SERVICES:
        env_file = services()[name]["env_file"]
        assert env_file == "zvh.env", f"{name}: env_file {env_file!r}"
    assert not in_build_context("zvh.env") and not in_build_context("secrets/secret_key")


def test_no_secrets_in_the_deployment_files():
    for stage in dockerfile_stages():
        for instruction in ("ENV", "ARG"):
            for rest in stage.all(instruction):
                assert not re.search(r"SECRET|PASSWORD|TOKEN", rest, re.I), f"{instruction} {rest}"
    declared = raw_compose()["x-app-env"]
    for key, value in declared.items():
        if re.search(r"SECRET|PASSWORD", key) and value is not None:
            assert key.endswith("_FILE") and str(value).startswith("/run/secrets/"), f"{key} must be a secret file"


# --------------------------------------------------------------------------------------------
# Dockerfile
# --------------------------------------------------------------------------------------------


def test_dockerfile_runtime_image():
    stages = dockerfile_stages()
    runtime = stages[-1]
    assert runtime.base.startswith("python:3.11-slim"), runtime.base
    for stage in stages:
        if stage.base.startswith("node:"):
            assert stage is not runtime, "Node belongs in a build stage only"
    runtime_runs = " ".join(runtime.all("RUN"))
    assert not re.search(r"\b(npm|node|npx)\b", runtime_runs), "npm/node used in the runtime stage"
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in runtime_runs, f"WeasyPrint needs {package} in the runtime image"
    assert "fonts-" in runtime_runs, "WeasyPrint needs at least one font package"
    users = runtime.all("USER")
    assert users and users[-1].split(":")[0] not in {"root", "0"}, "the app must not run as root"
    assert "8000" in " ".join(runtime.all("EXPOSE"))


def test_dockerfile_installs_locked_front_end_packages_in_a_build_stage():
    assert (ROOT / "package-lock.json").is_file(), "npm ci needs package-lock.json"
    node_stages = [stage for stage in dockerfile_stages() if stage.base.startswith("node:")]
    assert node_stages, "no Node build stage"
    runs = " ".join(" ".join(stage.all("RUN")) for stage in node_stages)
    assert "npm ci" in runs
    copies = " ".join(" ".join(stage.all("COPY")) for stage in node_stages)
    assert "package.json" in copies and "package-lock" in copies


def test_dockerfile_installs_the_locked_dependencies():
    runs = " ".join(" ".join(stage.all("RUN")) for stage in dockerfile_stages())
    copies = " ".join(" ".join(stage.all("COPY")) for stage in dockerfile_stages())
    assert "requirements/production.txt" in copies
    assert re.search(r"pip install (--[\w-]+ )*--require-hashes (--[\w-]+ )*-r production\.txt", runs), runs


def test_dockerfile_collects_static_files_after_node_modules_arrive():
    runtime = final_stage()
    steps = [f"{instruction} {rest}" for instruction, rest in runtime.instructions]
    node_modules = next(i for i, step in enumerate(steps) if step.startswith("COPY") and "node_modules" in step)
    collect = next(i for i, step in enumerate(steps) if step.startswith("RUN") and "collectstatic" in step)
    code = next(i for i, step in enumerate(steps) if re.fullmatch(r"COPY (--\S+ )*\. \.", step))
    assert node_modules < collect and code < collect


def collectstatic_step() -> tuple[dict[str, str], list[str]]:
    """(variables set on the RUN line, the command) of the Dockerfile's collectstatic step."""
    (rest,) = [rest for rest in final_stage().all("RUN") if "collectstatic" in rest]
    tokens = shlex.split(rest)
    assignments = {}
    while tokens and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", tokens[0]):
        key, _, value = tokens.pop(0).partition("=")
        assignments[key] = value
    assert "&&" not in tokens and ";" not in tokens, "keep collectstatic a step of its own"
    return assignments, tokens


def test_dockerfile_collectstatic_step_works(tmp_path):
    """The build step for real, with production settings and the Dockerfile's throwaway key."""
    if not (ROOT / "node_modules" / "htmx.org").is_dir():
        pytest.skip("node_modules is not installed (npm ci)")
    assignments, argv = collectstatic_step()
    assert argv[:3] == ["python", "manage.py", "collectstatic"] and "--noinput" in argv
    assert "SECRET_KEY" in assignments, "production settings need a SECRET_KEY at build time"
    settings_module = image_environment()["DJANGO_SETTINGS_MODULE"]
    static_root = tmp_path / "staticfiles"
    (tmp_path / "build_settings.py").write_text(
        f"from {settings_module} import *  # noqa\nSTATIC_ROOT = {str(static_root)!r}\n"
    )
    environment = app_environment(assignments)
    environment["DJANGO_SETTINGS_MODULE"] = "build_settings"
    environment["PYTHONPATH"] = os.pathsep.join([str(tmp_path), environment.get("PYTHONPATH", "")])
    result = run_python(argv[1:], environment, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    assert "vendor/htmx/htmx.min.js" in manifest
    assert "css/nlds.css" in manifest  # the NL Design System subset (scripts/build_css.py)


def test_build_context_contains_what_the_image_needs():
    from django.conf import settings

    needed = ["manage.py", "pyproject.toml", "package.json", "package-lock.json"]
    needed += ["zvh/wsgi.py", "zvh/celery.py", "zvh/settings/production.py", "zvh/settings/base.py"]
    needed += ["zvh/settings/server.py", "zvh/settings/production_checks.py", "zvh/settings/environment.py"]
    needed += [app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").is_file()]
    needed += ["templates", "static"]
    for stage in dockerfile_stages():
        for rest in stage.all("COPY"):
            tokens = [token for token in rest.split() if not token.startswith("--")]
            if "--from=" not in rest:
                needed += [source for source in tokens[:-1] if source != "."]
    for name in APP_SERVICES:
        service = services()[name]
        if service.get("healthcheck"):
            _, segments = healthcheck_segments(service)
            if segments[0][0] == "python":
                needed.append(str(host_path(segments[0][1]).relative_to(ROOT)))
    for path in needed:
        assert (ROOT / path).exists(), f"{path} does not exist"
        assert in_build_context(path), f"{path} is excluded by .dockerignore"


@pytest.mark.parametrize(
    "path", [".git", ".venv", ".env", "node_modules", "staticfiles", "db.sqlite3", "zvh/__pycache__/x.pyc"]
)
def test_build_context_leaves_out_local_state(path):
    assert not in_build_context(path)


# --------------------------------------------------------------------------------------------
# Production settings with production values
# --------------------------------------------------------------------------------------------

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "BROKER": settings.CELERY_BROKER_URL,
}))
"""


def test_production_settings_import_with_production_values():
    result = run_python(["-c", SHOW_SETTINGS], production_environment())
    assert result.returncode == 0, result.stderr[-3000:]
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["zvh.example.nl"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["ENGINE"] == "django.db.backends.postgresql"


SHOW_APPS = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import get_commands
print(json.dumps({"apps": settings.INSTALLED_APPS, "commands": sorted(get_commands())}))
"""


def test_production_installs_no_demo_code():
    """A deployment has no demo app, so no `seed_demo` (fake people, a known password) and no
    `demo_totp` (prints second-factor codes); the embedded default of `make run` has both."""
    result = run_python(["-c", SHOW_APPS], production_environment())
    assert result.returncode == 0, result.stderr[-3000:]
    production = json.loads(result.stdout)
    assert "demo" not in production["apps"]
    assert {"seed_demo", "demo_totp"}.isdisjoint(production["commands"])
    assert "dispatch_outbox" in production["commands"]  # the command list itself is real

    result = run_python(["-c", SHOW_APPS], app_environment({"DJANGO_SETTINGS_MODULE": "zvh.settings.dev"}))
    assert result.returncode == 0, result.stderr[-3000:]
    dev = json.loads(result.stdout)
    assert "demo" in dev["apps"] and {"seed_demo", "demo_totp"} <= set(dev["commands"])


@pytest.mark.parametrize(
    "overrides", [{"SECRET_KEY": ""}, {"SECRET_KEY": "too-short"}, {"DEBUG": "1"}], ids=["none", "short", "debug"]
)
def test_production_settings_refuse_unsafe_values(overrides):
    result = run_python(["-c", SHOW_SETTINGS], production_environment(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_check_deploy_passes_with_production_values():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_environment())
    assert result.returncode == 0, result.stdout + result.stderr


def env_file_values(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as Compose reads an env_file (comments and blank lines skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values


def container_environment(service: dict, shell: dict[str, str], secrets_dir: Path) -> dict[str, str]:
    """env_file (docker/env.example as the operator copies it) under `environment:`, with the
    secrets the compose file mounts at /run/secrets/ written to secrets_dir."""
    values = {**env_file_values(ENV_EXAMPLE), **service_environment(service, shell)}
    make_secrets(secrets_dir)
    for key, value in list(values.items()):
        if value.startswith("/run/secrets/"):
            values[key] = str(secrets_dir / value.removeprefix("/run/secrets/"))
    return values


@pytest.mark.parametrize("check", [["check"], ["check", "--deploy"]], ids=["check", "deploy"])
def test_check_passes_with_the_compose_environment(check, tmp_path):
    """The web container's exact environment, through the image's entry point (the database
    host `db` is not contacted)."""
    environment = container_environment(services()["web"], COMPOSE_SHELL, tmp_path)
    result = subprocess.run(  # noqa: S603
        [str(host_path(ENTRYPOINT_SCRIPT)), sys.executable, "manage.py", *check, "--fail-level", "WARNING"],
        cwd=ROOT,
        env=app_environment(environment),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SECRET_KEY" not in environment


SHOW_WIRING = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "key": settings.SECRET_KEY,
    "site": settings.SITE_URL,
    "cache": settings.CACHES["default"]["LOCATION"],
    "broker": settings.CELERY_BROKER_URL,
    "proxy": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def test_the_compose_settings_reach_django(tmp_path):
    environment = container_environment(services()["worker"], COMPOSE_SHELL, tmp_path)
    result = subprocess.run(  # noqa: S603
        [str(host_path(ENTRYPOINT_SCRIPT)), sys.executable, "-c", SHOW_WIRING],
        cwd=ROOT,
        env=app_environment(environment),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    values = json.loads(result.stdout)
    assert values["key"] == (tmp_path / "secret_key").read_text()  # from the secret file
    assert values["site"] == "https://zaaksysteem.example.nl"  # from the env_file
    assert values["broker"] == "redis://valkey:6379/0" and values["cache"] == "redis://valkey:6379/1"
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_web_stops_after_gunicorns_graceful_timeout():
    cmd = exec_form(final_stage(), "CMD")
    graceful = int(cmd[cmd.index("--graceful-timeout") + 1])
    grace = services()["web"]["stop_grace_period"]
    assert int(grace.rstrip("s")) > graceful, f"stop_grace_period {grace} <= gunicorn's {graceful}s"


def test_operator_properties_of_every_service():
    for name, service in services().items():
        assert service.get("logging", {}).get("options", {}).get("max-size"), f"{name}: no log rotation"
        limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
        assert limits.get("memory") and limits.get("cpus"), f"{name}: no resource limits"
    for name in APP_SERVICES:
        assert re.fullmatch(r"[1-9][0-9]*:[0-9]+", services()[name]["user"]), f"{name}: numeric non-root user"
    assert final_stage().all("USER")[-1] == services()["web"]["user"]
    assert services()["beat"]["deploy"]["replicas"] == 1, "beat is a singleton"
    assert "ports" not in services()["web"], "web is reached through the proxy only (and can be scaled)"
    published = {name for name, service in services().items() if service.get("ports")}
    assert published == {"proxy"}, published
    (port,) = services()["proxy"]["ports"]
    assert port.startswith("127.0.0.1:"), port


# --------------------------------------------------------------------------------------------
# docker/healthcheck.py
# --------------------------------------------------------------------------------------------


@functools.cache
def healthcheck_module() -> dict:
    namespace = {"__name__": "healthcheck"}
    source = ROOT / "docker" / "healthcheck.py"
    exec(compile(source.read_text(), str(source), "exec"), namespace)  # noqa: S102
    return namespace


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        (None, "localhost"),
        ("", "localhost"),
        ("zvh.example.nl", "zvh.example.nl"),
        (" zvh.example.nl , localhost", "zvh.example.nl"),
        (".example.nl", "example.nl"),
        ("*", "localhost"),
    ],
)
def test_health_probe_sends_a_host_django_accepts(allowed_hosts, host):
    from django.http.request import validate_host

    chosen = healthcheck_module()["probe_host"](allowed_hosts)
    assert chosen == host
    if allowed_hosts:
        assert validate_host(chosen, [entry.strip() for entry in allowed_hosts.split(",")])


# --------------------------------------------------------------------------------------------
# Live: the health checks against real processes (needs PostgreSQL / Redis on 127.0.0.1)
# --------------------------------------------------------------------------------------------


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


needs_postgres = pytest.mark.skipif(not reachable(5432), reason="PostgreSQL is not running on 127.0.0.1")
needs_redis = pytest.mark.skipif(not reachable(6379), reason="Redis is not running on 127.0.0.1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        argv, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def host_shell(script: str) -> str:
    """A CMD-SHELL health check with the image's entry point mapped onto this work tree."""
    return script.replace(ENTRYPOINT_SCRIPT, str(host_path(ENTRYPOINT_SCRIPT)))


def run_health_check(service: dict, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The service's health check as Docker runs it (CMD-SHELL through sh), in this work tree."""
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    if test[0] == "CMD-SHELL" and test[1].startswith("python "):
        argv = [sys.executable, *[str(host_path(a)) if a.startswith("/app/") else a for a in test[1].split()[1:]]]
    elif test[0] == "CMD-SHELL":
        argv = ["sh", "-c", host_shell(test[1])]
    else:
        argv = list(test[1:])
        if argv[0] == "python":
            argv = [sys.executable, str(host_path(argv[1])), *argv[2:]]
    timeout = int(str(service["healthcheck"].get("timeout", "30s")).rstrip("s"))
    return subprocess.run(  # noqa: S603
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout + 30
    )


def wait_until_healthy(service, env, process, log, ready_marker=None, deadline=90.0):
    """Runs the health check until it passes (or the deadline); first waits for the log line that
    says the process is up, because a check against a node that is not there yet waits out its
    whole --timeout."""
    end = time.monotonic() + deadline
    while ready_marker and ready_marker not in log.read_text() and time.monotonic() < end:
        assert process.poll() is None, f"the process died:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)
    while True:
        assert process.poll() is None, f"the process died:\n{log.read_text()[-3000:]}"
        result = run_health_check(service, env)
        if result.returncode == 0 or time.monotonic() > end:
            return result
        time.sleep(1)


@needs_postgres
def test_web_health_check_against_gunicorn(tmp_path):
    """The image's CMD with production values (TLS redirect on, foreign ALLOWED_HOSTS)."""
    service = services()["web"]
    port = free_port()
    argv = exec_form(final_stage(), "CMD")
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    if not Path("/dev/shm").is_dir():  # noqa: S108
        argv[argv.index("--worker-tmp-dir") + 1] = str(tmp_path)
    # The `postgres` database exists on every server; /gezondheid/ only runs SELECT 1. Production
    # refuses a passwordless database; the test server's trust authentication ignores this one.
    database = "postgres://postgres:trust-ignores-this-password@127.0.0.1:5432/postgres"
    env = app_environment({**PRODUCTION_VALUES, "DATABASE_URL": database, "WEB_CONCURRENCY": "1"}, home=tmp_path)
    probe_env = {**env, "HEALTHCHECK_PORT": str(port)}
    log = tmp_path / "gunicorn.log"
    process = start([str(VENV_BIN / argv[0]), *argv[1:]], env, log)  # the console script, as in the image
    try:
        result = wait_until_healthy(service, probe_env, process, log, deadline=60)
        assert result.returncode == 0, result.stdout + result.stderr + log.read_text()[-3000:]
        # Without the probe's care the same app is not healthy: unknown host.
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/gezondheid/", headers={"Host": "127.0.0.1"})
        assert connection.getresponse().status == 400
        connection.close()
    finally:
        stop(process)
    result = run_health_check(service, probe_env)
    assert result.returncode != 0, "the health check passes without a web server"


@needs_redis
def test_celery_health_checks_against_the_running_worker_and_beat(tmp_path):
    """The compose commands, each node renamed to a unique host as a container's would be."""
    host = f"zvh-test-{uuid.uuid4().hex[:12]}"
    env = app_environment({**PRODUCTION_VALUES, "REDIS_URL": LIVE_REDIS_URL}, home=tmp_path)
    probe_env = {**env, "HOSTNAME": host}
    running = {}
    try:
        for name in ("worker", "beat"):
            argv = service_argv(services()[name])
            assert argv[0] == "celery"
            argv = [str(VENV_BIN / "celery"), *argv[1:], "--hostname", host]
            if "-s" in argv:
                argv[argv.index("-s") + 1] = str(tmp_path / "celerybeat-schedule")
            if name == "worker":
                argv += ["--concurrency", "1"]
            log = tmp_path / f"{name}.log"
            running[name] = (start(argv, env, log), log)
        ready = {"worker": " ready.", "beat": "beat pidbox: Connected"}
        for name, (process, log) in running.items():
            result = wait_until_healthy(services()[name], probe_env, process, log, ready[name])
            assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}{log.read_text()[-3000:]}"
    finally:
        for process, _ in running.values():
            stop(process)
    # Stopped, both checks must fail (each waits out its --timeout, so run them side by side).
    probes = {
        name: subprocess.Popen(  # noqa: S603
            ["sh", "-c", host_shell(services()[name]["healthcheck"]["test"][1])],  # noqa: S607
            cwd=ROOT,
            env=probe_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in ("worker", "beat")
    }
    for name, probe in probes.items():
        assert probe.wait(timeout=120) != 0, f"the health check passes without a running {name}"
