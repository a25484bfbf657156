"""The security tests use the in-process meeting of the app tests (a module may define its own
`meeting`, e.g. on a live server)."""

from tests.app.conftest import meeting  # noqa: F401  (a fixture, shared)
