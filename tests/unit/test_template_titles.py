"""A page's title is words only: markup in it shows up as text in the browser's tab and history."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_title_block_holds_markup():
    wrong = [p.name for p in TEMPLATES.rglob("*.html")
             for title in re.findall(r"{% block title %}(.*?){% endblock %}", p.read_text(), re.S) if "<" in title]
    assert wrong == []
