"""Starts the real OpenID Connect provider (`provider.mjs`, the npm package oidc-provider) on a
loopback port for the single sign-on tests, and walks a browser through it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import httpx

from tests.conftest import OnLocalPort, free_port, need

HERE = Path(__file__).parent
CLIENT_ID = "meeting-room-tests"
CLIENT_SECRET = "a-client-secret-only-for-tests-0123456789"


class Provider(OnLocalPort):
    def __init__(self, redirect_uri: str):
        self.port = free_port()
        self.redirect_uri = redirect_uri
        self.process: subprocess.Popen | None = None

    def start(self) -> "Provider":
        need(shutil.which("node") is not None, "Node.js is not installed (the single sign-on tests run oidc-provider)")
        need((HERE / "node_modules" / "oidc-provider").is_dir(),
             "oidc-provider is not installed: run `npm ci` in tests/oidc (.ci/run does)")
        env = {**os.environ, "OIDC_PORT": str(self.port), "OIDC_CLIENT_ID": CLIENT_ID,
               "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_REDIRECT_URI": self.redirect_uri}
        self.process = subprocess.Popen(["node", str(HERE / "provider.mjs")], cwd=HERE, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()  # "ready <issuer>", or nothing if it failed
        assert line.startswith("ready "), f"the OpenID Connect provider did not start: {line!r}"
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)

    async def next_person(self, browser: httpx.AsyncClient, email: str, groups: str = "", sub: str | None = None,
                          name: str = "Amy Chair") -> None:
        r = await browser.get(f"{self.url}/test/next", params={"sub": sub or email, "email": email,
                                                                  "groups": groups, "name": name})
        assert r.status_code == 200

    async def tamper(self, browser: httpx.AsyncClient, **what: str) -> None:
        assert (await browser.get(f"{self.url}/test/tamper", params=what)).status_code == 200

    async def walk(self, browser: httpx.AsyncClient, url: str) -> str:
        """Follow the provider's redirects from its authorization address back to the app's callback."""
        for _ in range(10):
            if not url.startswith(self.url):
                return url
            r = await browser.get(url)
            assert r.status_code in (302, 303), f"{r.status_code} at the provider: {r.text[:300]}"
            url = urljoin(url, r.headers["location"])
        raise AssertionError("the provider kept redirecting")
