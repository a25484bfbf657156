"""Modules that import each other are fingerprinted together: each import carries the version of
the module it names, and a change in one module changes the address of every module above it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from meeting_room.web.assets import Assets

STATIC = Path(__file__).resolve().parents[2] / "static"


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


TREE = {
    "js/main.js": 'import "./live.js";\nimport { a } from "./saving.js";\n',
    "js/saving.js": "import { b } from './live.js';\nexport { c } from \"../lib/util.js\";\nexport const a = 1;\n",
    "js/live.js": 'import { now } from "./shared.js";\nexport const b = now();\n',
    "js/shared.js": "export function now() { return 1; }\n",
    "lib/util.js": "export const c = 3;\n",
    "other.js": 'var s = "import nothing from here"; fetch("./x.js");\n',
}


def test_imports_carry_the_version_of_the_module_they_name(tmp_path):
    _write(tmp_path, TREE)
    assets = Assets(tmp_path)
    body = assets.files["js/main.js"].body.decode()
    assert f'import "./live.js?v={assets.files["js/live.js"].version}";' in body
    assert f'from "./saving.js?v={assets.files["js/saving.js"].version}";' in body
    saving = assets.files["js/saving.js"].body.decode()
    assert f"from './live.js?v={assets.files['js/live.js'].version}';" in saving  # its own quotes
    assert f'from "../lib/util.js?v={assets.files["lib/util.js"].version}";' in saving
    assert assets.files["other.js"].body == TREE["other.js"].encode()  # nothing that is not an import
    served = assets.files["js/main.js"]
    assert served.version == hashlib.sha256(served.body).hexdigest()[:12]  # hash of what is sent


def test_a_change_in_one_module_changes_the_address_of_every_module_above_it(tmp_path):
    _write(tmp_path, TREE)
    before = {name: asset.version for name, asset in Assets(tmp_path).files.items()}
    _write(tmp_path, {"js/shared.js": "export function now() { return 2; }\n"})
    after = {name: asset.version for name, asset in Assets(tmp_path).files.items()}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"js/shared.js", "js/live.js", "js/saving.js", "js/main.js"}


def test_an_import_of_a_missing_file_or_a_circle_is_refused_at_start(tmp_path):
    _write(tmp_path / "a", {"main.js": 'import "./gone.js";\n'})
    with pytest.raises(ValueError, match="gone.js"):
        Assets(tmp_path / "a")
    _write(tmp_path / "b", {"one.js": 'import "./two.js";\n', "two.js": 'import "./one.js";\n'})
    with pytest.raises(ValueError, match="imports itself"):
        Assets(tmp_path / "b")


def test_every_import_in_our_own_modules_is_versioned():
    assets = Assets(STATIC)
    for name, asset in assets.files.items():
        if name.endswith(".js"):
            for spec in re.findall(r"""\b(?:import|from)\s*["'](\.{1,2}/[^"']+)["']""", asset.body.decode()):
                assert re.search(r"\.js\?v=[0-9a-f]{12}$", spec), (name, spec)
    assert "./live.js?v=" in assets.files["js/main.js"].body.decode()
