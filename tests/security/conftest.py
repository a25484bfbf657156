"""Fixtures for the security tests (a module may define its own `meeting`, e.g. on a live server)."""

from __future__ import annotations

import pytest

from tests.helpers import Person, meeting_with_mum


@pytest.fixture
async def meeting(app, database_url):
    """A meeting with a chair and an admitted mum: (chair, mum, meeting id, join code)."""
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.in_process(app), database_url)
    yield chair, mum, meeting_id, code
    await chair.close()
    await mum.close()
