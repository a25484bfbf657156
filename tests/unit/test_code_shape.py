"""The house stays easy to read: the domain knows nothing of the web, and no module, function or
handler grows past what one sitting can take in."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "meeting_room"
DOMAIN = ["accounts", "agreement", "audit", "limits", "shared_limits", "boards", "private", "reviews", "trend", "changes", "db", "decisions", "domain", "drivers", "events", "history", "items",
          "glossary", "meetings", "moments", "plan", "record", "retention",
          "models", "passwords", "people", "rules", "scale_changes", "scales", "statements", "text",
          "vocabulary", "errors"]
MODULE_LINES, FUNCTION_LINES, HANDLER_LINES = 300, 50, 25


def test_the_domain_imports_nothing_from_starlette_or_the_views():
    """Imported in a fresh interpreter, where nothing else has loaded Starlette first."""
    program = ("import json, sys\n" + "".join(f"import meeting_room.{m}\n" for m in DOMAIN) +
               "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
               "('starlette', 'uvicorn', 'jinja2') or m.startswith('meeting_room.views'))))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                                       check=True, cwd=PACKAGE.parent).stdout)
    assert loaded == [], f"the domain loads {loaded}"


def _python_files():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts]


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_functions_and_handlers_stay_short(path: Path):
    source = path.read_text()
    assert source.count("\n") <= MODULE_LINES, f"{path.name} has {source.count(chr(10))} lines"
    limit = HANDLER_LINES if "views" in path.parts else FUNCTION_LINES
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= limit, f"{path.name}: {node.name} has {length} lines (at most {limit})"
