"""The house stays easy to read: modules live in layer folders, imports run only along the
allowed arrows, nothing imports in a circle, the domain knows nothing of the web, and no module,
function or handler grows past what one sitting can take in.

    web ──▶ services ──▶ domain ──▶ store ──▶ core
     │                    live ──▶ read ──▶ store
     └──▶ live, read, domain, store, core          (cli.py, __main__.py: the entry points)
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "meeting_room"
ENTRY = {"cli", "__main__", "__init__"}
ARROWS = {  # which layers each layer may import (itself always)
    "core": set(),
    "store": {"core"},
    "read": {"core", "store"},
    "domain": {"core", "store"},
    "live": {"core", "store", "read"},
    "services": {"core", "store", "read", "domain"},
    "web": {"core", "store", "read", "domain", "live", "services"},
}
TALLEST_TOWER = 12  # modules on the longest chain of imports (it was 15 before the folders)
LAYER_FLOORS = 6  # layers on the longest chain: entry, web, services or live, domain or read, store, core
MODULE_LINES, FUNCTION_LINES, HANDLER_LINES = 300, 50, 25


def _python_files():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts]


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return "entry" if len(parts) == 1 or parts[1] in ENTRY else parts[1]


def _imports() -> dict[str, set[str]]:
    """Every module's imports of our own modules, lazy ones (inside functions) included."""
    modules = {_module(p): p for p in _python_files()}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("meeting_room"):
                assert node.level == 0, f"{name}: use absolute imports (from meeting_room.… import …)"
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.startswith("meeting_room.")}
        found[name] = {t for t in targets if t in modules and t != name}
    return found


def test_every_module_lives_in_a_layer_folder():
    loose = [m for m in map(_module, _python_files()) if _layer(m) not in ARROWS and _layer(m) != "entry"]
    assert loose == [], f"put these in a layer folder: {loose}"


def test_imports_follow_the_arrows():
    wrong = []
    for module, targets in _imports().items():
        layer = _layer(module)
        if layer not in ARROWS:
            continue  # the entry points may import anything
        wrong += [f"{module} → {t}" for t in targets if _layer(t) != layer and _layer(t) not in ARROWS[layer]]
    assert wrong == [], "imports against the arrows:\n" + "\n".join(wrong)


def _towers(graph: dict[str, set[str]]) -> dict[str, int]:
    height: dict[str, int] = {}
    visiting: list[str] = []

    def climb(module: str) -> int:
        if module in height:
            return height[module]
        assert module not in visiting, "an import circle: " + " → ".join(visiting[visiting.index(module):] + [module])
        visiting.append(module)
        height[module] = 1 + max((climb(t) for t in graph[module] if not t.endswith("__init__")), default=0)
        visiting.pop()
        return height[module]

    for module in graph:
        climb(module)
    return height


def test_no_import_circles_and_a_low_tower():
    """Lazy imports count too: an import inside a function must not hide a circle."""
    graph = _imports()
    tallest = max(_towers(graph).values())
    assert tallest <= TALLEST_TOWER, f"the import tower is {tallest} modules high"
    layers = {a: {_layer(b) for b in graph if b in graph[a]} for a in graph}
    layer_graph = {}
    for module, targets in layers.items():
        layer_graph.setdefault(_layer(module), set()).update(t for t in targets if t != _layer(module))
    assert max(_towers(layer_graph).values()) <= LAYER_FLOORS


def test_readers_import_no_module_that_writes():
    readers = [m for m in _imports() if _layer(m) in {"read", "live"}]
    writes = {m for m in _imports() if _layer(m) == "domain"}
    assert [(r, t) for r in readers for t in _imports()[r] if t in writes] == []


def test_the_domain_and_the_read_side_import_nothing_from_the_web():
    """Imported in a fresh interpreter, where nothing else has loaded Starlette first."""
    inner = sorted(m for m in map(_module, _python_files()) if _layer(m) in {"core", "store", "read", "domain"})
    program = ("import json, sys\n" + "".join(f"import {m}\n" for m in inner) +
               "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
               "('starlette', 'uvicorn', 'jinja2') or m.startswith(('meeting_room.web', 'meeting_room.live')))))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                                       check=True, cwd=PACKAGE.parent).stdout)
    assert loaded == [], f"the inner layers load {loaded}"


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_functions_and_handlers_stay_short(path: Path):
    source = path.read_text()
    assert source.count("\n") <= MODULE_LINES, f"{path.name} has {source.count(chr(10))} lines"
    limit = HANDLER_LINES if "views" in path.parts else FUNCTION_LINES
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= limit, f"{path.name}: {node.name} has {length} lines (at most {limit})"


def test_event_kinds_are_used_by_name():
    """`change.record(EventKind.ITEM_ADDED, …)`: a misspelt name fails when the module is imported,
    where a misspelt string would fail only in a meeting."""
    spelt = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                spelt.append(f"{path.name}:{node.lineno}")
    assert spelt == [], f"event kinds spelt as strings: {spelt}"
