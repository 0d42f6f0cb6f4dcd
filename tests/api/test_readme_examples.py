"""The README's API examples are run, as written, against the live test server,
so they cannot drift from the API: each ``curl`` command of README "API" →
"Examples" runs in bash (with ``set -u``: every variable it uses is one the
reader is told to set), and the ``#`` lines after it give the status expected
(200 if none) and the fields the answer must have."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

from api.models import Scope
from api.tokens import token_create
from contracts.models import ContractStatus
from tests.api.helpers import world
from tests.contracts.factories import make_contract
from tests.organisations.factories import OrganisationFactory

README = Path(__file__).resolve().parents[2] / "README.md"


def _complete(command: str) -> bool:
    if command.endswith("\\"):
        return False
    try:
        shlex.split(command)
    except ValueError:  # a quote still open: the command goes on
        return False
    return True


def examples() -> list[tuple[str, list[str]]]:
    """(command, the comment lines after it) for every example, in order."""
    text = README.read_text()
    section = text[text.index("### Examples\n") : text.index("### Why django-ninja")]
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        current = ""
        for line in block.splitlines():
            if current:
                current += "\n" + line
            elif line.startswith("curl "):
                current = line
            elif line.startswith("#"):
                found[-1][1].append(line[1:].strip())
                continue
            else:
                assert not line.strip(), f"not a curl command: {line}"
                continue
            if _complete(current):
                found.append((current, []))
                current = ""
        assert not current, f"unfinished command: {current}"
    return found


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _run(command: str, env: dict[str, str], headers: Path) -> tuple[int, str, str]:
    """Run one README command; its status, ETag and what it printed."""
    done = subprocess.run(  # noqa: S603 - the README's own commands, on purpose
        ["/usr/bin/bash", "-c", f'set -eu\n{command} -D "$HEADERS"'],
        env={**env, "HEADERS": str(headers)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, (command, done.stderr)
    head = headers.read_text()
    status = int(re.findall(r"^HTTP/[\d.]+ (\d{3})", head, re.M)[-1])
    etag = re.search(r"^etag: (.*?)\r?$", head, re.M | re.I)
    return status, etag.group(1) if etag else "", done.stdout


def test_the_readme_examples_work_as_written(
    live_server: Any, transactional_db: None, settings: Any, tmp_path: Path
) -> None:
    settings.API_PUBLIC_RATE = "1000/m"
    organisation = OrganisationFactory(slug="lambeth-demo")
    w = world(organisation, "lambeth")
    make_contract(
        organisation, [w["provider"]], cycle=w["public"], status=ContractStatus.ACTIVE
    )

    def token(by: Any, scopes: set[str], **fields: Any) -> str:
        return token_create(
            organisation=organisation, by=by, name="README", scopes=scopes, **fields
        )[1]

    env = {
        "PATH": "/usr/bin:/bin",
        # No ~/.curlrc, no proxy: the commands as written, to the test server.
        "HOME": str(tmp_path),
        "API": f"{live_server.url}/api/v1",
        "TOKEN": token(w["admin"], {Scope.READ}),
        "IMPORT_TOKEN": token(w["admin"], {Scope.IMPORT}),
        "PROVIDER_TOKEN": token(w["rep"], {Scope.RETURNS}, provider=w["provider"]),
        "CYCLE": str(w["public"].pk),
        "CONTRACT": str(w["contract"].pk),
        "INDICATOR": str(w["indicator"].pk),
        "ETAG": "",
    }
    ran = examples()
    # One example at least for each audience, and the imports and contracts.
    used = " ".join(command for command, _expected in ran)
    for part in ("$TOKEN", "$PROVIDER_TOKEN", "$IMPORT_TOKEN", "/contracts?"):
        assert part in used, part
    assert any("Authorization" not in command for command, _ in ran)
    for n, (command, expected) in enumerate(ran):
        status, etag, printed = _run(command, env, tmp_path / f"headers-{n}")
        said = " ".join(expected)
        wanted = re.match(r"(\d{3})\b", said)
        assert status == (int(wanted.group(1)) if wanted else 200), (command, printed)
        keys = set(re.findall(r'"([A-Za-z_][\w.]*)":', said))
        if keys:
            answer = json.loads(printed)
            missing = keys - _keys(answer)
            assert not missing, (command, missing, answer)
        env["ETAG"] = etag or env["ETAG"]
