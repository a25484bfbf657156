"""Static files for phones on mobile data: compressed, and cached for good under fingerprinted names.

Pages link `asset("app.js")`, which gives `/static/app.js?v=<hash of its content>`. A request that
names the current hash gets `Cache-Control: public, max-age=31536000, immutable`: a phone never
asks again until the file changes (and then its address changes). Every file is also kept gzipped
in memory (they are few and small) and sent so to browsers that accept it. Only static files are
compressed: pages carry the form token beside what people wrote, which compression would expose
(BREACH).

Our scripts are ES modules (static/js/) that import each other by relative address. A module's
imports are rewritten as it is served (`from "./live.js"` → `from "./live.js?v=<hash>"`), and a
module's own hash is taken after that rewriting, in dependency order: a change in one module
changes the address of every module that imports it, all the way up to the page's `main.js`, so
nothing is ever run stale from a year-long cache.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# `import "./x.js"`, `import { a } from "./x.js"`, `export { a } from "../x.js"`: relative only.
IMPORT = re.compile(r"""(\b(?:import|from)\s*)(["'])(\.{1,2}/[^"'?#\s]+\.js)\2""")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    media_type: str
    version: str


class Assets:
    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, Asset] = {}
        raw = {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
               if path.is_file() and path.name != "README.md"}
        for name in raw:
            self._add(name, raw, ())

    def _add(self, name: str, raw: dict[str, bytes], importers: tuple[str, ...]) -> Asset:
        """Keep one file, after the modules it imports (whose versions its imports then carry)."""
        if name in self.files:
            return self.files[name]
        if name in importers:
            raise ValueError(f"static/{name} imports itself, through {' → '.join(importers)}")
        body = raw[name]
        if name.endswith(".js"):
            body = self._versioned_imports(name, body.decode("utf-8"), raw, importers + (name,)).encode("utf-8")
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith(("javascript", "svg+xml")):
            media_type += "; charset=utf-8" if "charset" not in media_type else ""
        self.files[name] = Asset(body=body, gzipped=gzip.compress(body, 9, mtime=0), media_type=media_type,
                                 version=hashlib.sha256(body).hexdigest()[:12])
        return self.files[name]

    def _versioned_imports(self, name: str, text: str, raw: dict[str, bytes], importers: tuple[str, ...]) -> str:
        def versioned(match: re.Match) -> str:
            lead, quote, spec = match.groups()
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), spec))
            if target not in raw:
                raise ValueError(f"static/{name} imports {spec}, which is not a static file")
            return f"{lead}{quote}{spec}?v={self._add(target, raw, importers).version}{quote}"
        return IMPORT.sub(versioned, text)

    def url(self, name: str) -> str:
        """The fingerprinted address of a static file, for templates."""
        return f"/static/{name}?v={self.files[name].version}"

    async def serve(self, request: Request) -> Response:
        asset = self.files.get(request.path_params["path"])
        if asset is None:
            return PlainTextResponse("There is nothing at this address.", status_code=404)
        current = request.query_params.get("v") == asset.version
        headers = {"Cache-Control": FOREVER if current else REVALIDATE, "Vary": "Accept-Encoding",
                   "ETag": f'"{asset.version}"'}
        if request.headers.get("if-none-match") == f'"{asset.version}"':
            return Response(status_code=304, headers=headers)
        if "gzip" in request.headers.get("accept-encoding", "") and len(asset.gzipped) < len(asset.body):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)
