"""The pages a public body must publish (issue 26, point 7): the accessibility statement and the
privacy notice, linked ("Accessibility", "Privacy") from the home page and the join form, naming
the council and its contacts from the settings."""

from __future__ import annotations

import lxml.html
import pytest

from meeting_room.web.settings import Settings
from tests.helpers import Person, new_meeting, signed_in_chair


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, trusted_hosts=["testserver"], council_name="Northshire Council",
                    council_contact="meetings@northshire.example", dpo_contact="dpo@northshire.example",
                    retention_text="Records are kept until the youngest child is 25.")


async def test_home_and_join_form_link_to_both_pages(app, database_url):
    chair, visitor = Person.in_process(app), Person.in_process(app)
    await signed_in_chair(chair, database_url)
    _, code = await new_meeting(chair)
    for url in ("/", f"/join/{code}"):
        page = lxml.html.fromstring((await visitor.get(url)).text)
        links = page.xpath('//body//nav[@aria-label="About this service"]//a')
        assert [(a.get("href"), a.text) for a in links] == [("/privacy", "Privacy"),
                                                            ("/accessibility", "Accessibility")], url
        # The page's title is what a screen reader says first: plain words, no markup in it.
        title = page.findtext(".//title")
        assert "<" not in title and "Privacy" not in title and title.strip().endswith("Meeting Room"), (url, title)
    await chair.close()
    await visitor.close()


async def test_the_privacy_notice_names_the_council_and_its_contacts(app):
    visitor = Person.in_process(app)
    page = await visitor.get("/privacy")
    assert page.status_code == 200
    for words in ("Northshire Council is the data controller", "meetings@northshire.example",
                  "dpo@northshire.example", "until the youngest child is 25", "Information Commissioner"):
        assert words in " ".join(page.text.split()), words
    await visitor.close()


async def test_the_accessibility_statement_says_what_meets_the_standard_and_what_does_not(app):
    visitor = Person.in_process(app)
    page = await visitor.get("/accessibility")
    assert page.status_code == 200
    for words in ("WCAG 2.2", "run by Northshire Council", "another format", "by 31 March 2027",
                  "Equality and Human Rights Commission", "meetings@northshire.example"):
        assert words in " ".join(page.text.split()), words
    await visitor.close()
