"""Serving: the port is taken first, before anything is printed, and the server says where it
runs (and gives a first run's set-up link) only once it is listening. A port already in use gets
one plain sentence and nothing else: a printed link would open whatever program holds it."""

from __future__ import annotations

import errno
import socket
from typing import Callable

import uvicorn


class CannotListen(Exception):
    """The port cannot be had; the message says what to do, in one plain sentence."""


def take_port(host: str, port: int) -> socket.socket:
    """Bind the address now (as uvicorn would), so that a taken port is known before anything is said."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise CannotListen(f"Port {port} is in use. Start with --port {port + 1}, or stop the other program.") \
                from None
        raise CannotListen(f"Cannot listen on {host} port {port} ({e.strerror or type(e).__name__}).") from None
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, calling `on_listening` once its socket accepts and the app has started."""

    def __init__(self, config: uvicorn.Config, on_listening: Callable[[], None]):
        super().__init__(config)
        self.on_listening = on_listening

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            self.on_listening()


def serve(app_or_factory, sock: socket.socket, options: dict, workers: int,
          on_listening: Callable[[], None]) -> int:
    """Serve on the taken socket. One process: `on_listening` once the app has started on it;
    several: once the socket listens (the workers take connections from it as they start)."""
    if workers > 1:
        from uvicorn.supervisors import Multiprocess
        config = uvicorn.Config(app_or_factory, factory=True, workers=workers, **options)
        sock.listen(config.backlog)
        on_listening()
        Multiprocess(config, sockets=[sock]).run()
        return 0
    server = _Server(uvicorn.Config(app_or_factory, **options), on_listening)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    return 0 if server.started else 3

