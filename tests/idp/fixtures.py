"""The test identity provider as a pytest fixture: a real OpenID Connect provider
process on a free port, started once per run and stopped after it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from .server import CLIENTS, PASSWORD, USERNAME

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class IdentityProvider:
    port: int
    scratch: Path
    redirect_prefixes: list[str] = field(
        default_factory=lambda: ["http://testserver/accounts/oidc/"]
    )
    claims: dict[str, Any] = field(default_factory=dict)

    username = USERNAME
    password = PASSWORD
    clients = CLIENTS

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"

    def write(self) -> None:
        (self.scratch / "state.json").write_text(
            json.dumps(
                {"claims": self.claims, "redirect_prefixes": self.redirect_prefixes}
            )
        )

    def set_claims(self, **claims: Any) -> None:
        """The claims the provider gives its one user from now on."""
        self.claims = claims
        self.write()

    def allow_redirects_to(self, prefix: str) -> None:
        if prefix not in self.redirect_prefixes:
            self.redirect_prefixes.append(prefix)
            self.write()

    def signed_in_session(self) -> requests.Session:
        """A browser-like session signed in at the provider."""
        session = requests.Session()
        login = f"http://127.0.0.1:{self.port}/accounts/login/"
        session.get(login, timeout=10).raise_for_status()
        response = session.post(
            login,
            data={
                "username": self.username,
                "password": self.password,
                "csrfmiddlewaretoken": session.cookies["idp_csrftoken"],
                "next": "/o/.well-known/openid-configuration",
            },
            headers={"Referer": login},
            timeout=10,
        )
        response.raise_for_status()
        return session


@pytest.fixture(scope="session")
def identity_provider() -> Iterator[IdentityProvider]:
    with tempfile.TemporaryDirectory(prefix="idp-") as scratch:
        provider = IdentityProvider(port=_free_port(), scratch=Path(scratch))
        provider.write()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.idp.settings",
            "IDP_PORT": str(provider.port),
            "IDP_DIR": scratch,
            "NO_PROXY": "127.0.0.1,localhost",
        }
        log = (Path(scratch) / "idp.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.idp.server"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(provider, process)
            yield provider
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()


def _wait_until_up(
    provider: IdentityProvider, process: subprocess.Popen[bytes]
) -> None:
    discovery = f"{provider.issuer}/.well-known/openid-configuration"
    for _attempt in range(300):
        if process.poll() is not None:
            log = (provider.scratch / "idp.log").read_text()
            raise RuntimeError(f"the test identity provider stopped:\n{log}")
        try:
            if requests.get(discovery, timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the test identity provider did not start")
