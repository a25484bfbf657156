"""The command line, as a newcomer runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from tests.conftest import free_port


def run(args, tmp_path, input_text=None, timeout=60):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    return subprocess.run([sys.executable, "-m", "meeting_room", *args], input=input_text, text=True,
                          capture_output=True, env=env, cwd=tmp_path, timeout=timeout)


def test_help_lists_commands_and_settings(tmp_path):
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    for word in ("create-chair", "migrate", "demo", "--host", "--port", "DATABASE_URL", "MEETING_ROOM_SECRET_KEY"):
        assert word in result.stdout


def test_create_chair_reads_the_password_from_stdin(tmp_path):
    result = run(["create-chair", "pat@example.org", "--name", "Pat"], tmp_path, input_text="a long enough password\n")
    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    again = run(["create-chair", "pat@example.org"], tmp_path, input_text="a long enough password\n")
    assert again.returncode == 1 and "already" in again.stderr
    short = run(["create-chair", "sam@example.org"], tmp_path, input_text="short\n")
    assert short.returncode == 1 and "10 characters" in short.stderr


def test_production_refuses_the_default_secret(tmp_path):
    env = {**os.environ, "MEETING_ROOM_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    env.pop("MEETING_ROOM_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "meeting_room", "migrate"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and "MEETING_ROOM_SECRET_KEY" in result.stderr


def test_demo_creates_a_meeting_and_prints_links(tmp_path):
    result = run(["demo", "--no-serve"], tmp_path)
    assert result.returncode == 0, result.stderr
    for words in ("Chair sign in", "password", "/screen", "Join code"):
        assert words in result.stdout


def test_serve_prints_the_address_and_a_one_time_setup_link(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    process = subprocess.Popen([sys.executable, "-m", "meeting_room", "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("/setup?token=" in line for line in lines):
            lines.append(process.stdout.readline())
        setup = next(line for line in lines if "/setup?token=" in line)
        url = setup[setup.index("http://"):].strip()
        assert url.startswith(f"http://127.0.0.1:{port}/setup?token=")
        for _ in range(100):
            try:
                page = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "Create account" in page
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_several_workers_are_refused_on_sqlite(tmp_path):
    result = run(["--workers", "2"], tmp_path)
    assert result.returncode == 2 and "PostgreSQL" in result.stderr


def test_serving_options_are_taken_after_the_command_too():
    from meeting_room.cli import _parser
    parser = _parser()
    assert parser.parse_args(["serve", "--port", "8102"]).port == 8102
    assert parser.parse_args(["demo", "--port", "8101", "--host", "0.0.0.0"]).host == "0.0.0.0"
    assert parser.parse_args(["--port", "8103", "serve"]).port == 8103  # before it, as before
    assert "--port" in parser._subparsers._group_actions[0].choices["serve"].format_help()


def test_served_logs_name_no_address_and_no_meeting(tmp_path):
    """uvicorn logs every socket handshake with the client's address and the meeting's id at INFO:
    none of that may reach the log, which must still say what went wrong (WARNING and up)."""
    import websockets.sync.client
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'logs.db'}", "MEETING_ROOM_LOG_LEVEL": "info"}
    process = subprocess.Popen([sys.executable, "-m", "meeting_room", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        assert "running at" in process.stdout.readline()
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        try:
            websockets.sync.client.connect(f"ws://127.0.0.1:{port}/meetings/SomeMeetingId123/ws",
                                           origin="http://evil.example").close()
        except websockets.exceptions.InvalidStatus:
            pass  # refused: no session
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    # (Our own lines name the address people should open, on purpose: leave those out.)
    logged = "\n".join(line for line in output.splitlines() if not line.startswith(("First run:", "Phones reach")))
    assert "SomeMeetingId123" not in logged and "127.0.0.1" not in logged and "evil" not in logged
    assert "WARNING meeting_room.live" in output  # the refusal itself is logged, without who or where


def test_purge_lists_then_deletes_and_says_what(tmp_path):
    assert run(["demo", "--no-serve"], tmp_path).returncode == 0  # an open meeting: never purged
    listed = run(["purge", "--older-than", "0", "--dry-run"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Would delete 0 closed meetings" in listed.stdout
    refused = run(["purge", "--older-than", "-1"], tmp_path)
    assert refused.returncode == 2 and "0 or more" in refused.stderr
