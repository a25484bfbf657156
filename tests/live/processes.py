"""Real app processes, started as a deployment would start them, for fault tests."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import httpx

from tests.conftest import OnLocalPort, free_port


class AppProcess(OnLocalPort):
    def __init__(self, database_url: str, port: int | None = None, extra_env: dict | None = None,
                 args: tuple[str, ...] = ()):
        self.database_url = database_url
        self.port = port or free_port()
        self.extra_env = extra_env or {}
        self.args = args
        self.process: subprocess.Popen | None = None

    async def start(self) -> "AppProcess":
        env = {**os.environ, "DATABASE_URL": self.database_url, "MEETING_ROOM_LOG_LEVEL": "warning",
               "MEETING_ROOM_RESYNC_SECONDS": "1",
               "MEETING_ROOM_ITEMS_PER_MINUTE": "100000", **self.extra_env}  # fault tests write fast
        self.process = subprocess.Popen([sys.executable, "-m", "meeting_room", "--port", str(self.port), *self.args],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                if self.process.poll() is not None:
                    raise RuntimeError(f"the app exited with {self.process.returncode}")
                try:
                    if (await client.get(self.url + "/healthz", timeout=1)).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError("the app did not start")

    def kill(self) -> None:
        """kill -9: no chance to finish anything."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    async def terminate(self) -> int:
        """SIGTERM, as a deploy does; returns the exit code."""
        self.process.send_signal(signal.SIGTERM)
        for _ in range(200):
            if self.process.poll() is not None:
                return self.process.returncode
            await asyncio.sleep(0.05)
        self.kill()
        return -9

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
