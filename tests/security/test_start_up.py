"""Starting the server, from outside (issue 25): it says where it runs only once it is listening,
and a port already in use gets one plain sentence, no address and no set-up link (a printed link
would open whatever program holds the port). With one process on SQLite, and with two workers on
PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests.conftest import free_port


def start(database_url, tmp_path, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "-m", "meeting_room", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)


def workers_for(database_url):
    if database_url.startswith("sqlite"):
        return []
    return ["--workers", "2"]


async def test_a_taken_port_gets_one_plain_sentence_and_no_link(database_url, tmp_path):
    with socket.socket() as other:  # another program holds the port
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        for args in (["--port", str(port), *workers_for(database_url)], ["demo", "--port", str(port)]):
            process = start(database_url, tmp_path, *args)
            out, err = process.communicate(timeout=60)
            assert process.returncode == 1, (out, err)
            assert out == ""  # no "running at", no set-up link, no demo links
            assert err.strip() == (f"meeting-room: Port {port} is in use. Start with --port {port + 1}, "
                                   "or stop the other program."), err
            assert "http" not in err and "token" not in err


@pytest.mark.parametrize("command", [["serve"], ["demo"]])
async def test_running_at_is_said_only_once_the_server_answers(database_url, tmp_path, command):
    port = free_port()
    process = start(database_url, tmp_path, *command, "--port", str(port), *workers_for(database_url))
    watchdog = threading.Timer(45, process.kill)  # (a hung start fails the test instead of hanging it)
    watchdog.start()
    try:
        said = []
        while not said or "running at" not in said[-1]:
            line = process.stdout.readline()
            assert line, f"the server stopped: {said} {process.stderr.read()}"
            said.append(line)
        # No retrying: the moment it says so, it answers.
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30).status == 200
        assert said[-1].strip() == f"Meeting Room is running at http://127.0.0.1:{port}/"
        if command == ["serve"]:  # (the demo made its chair already: no set-up link then)
            link = process.stdout.readline()
            assert link.startswith("First run: create the chair account at ") and "/setup?token=" in link
        else:
            assert any("Chair sign in" in line for line in said[:-1])
    finally:
        watchdog.cancel()
        process.terminate()
        process.communicate(timeout=30)
