"""The chat's video player, loaded with the page rather than when the first clip arrives.

Chainlit's UI fetches the code of its video player (a module of its own) only once a message
with a video shows up: the lesson's first clip then waited for a request to this server, busy
with the lesson at that very moment (about 0.1 s, measured in the browser). The script served
here, which Chainlit's `custom_js` setting (.chainlit/config.toml) puts in every page, asks the
browser to fetch and parse that module ahead (`modulepreload`); the UI's own import finds it
ready. The module's file name carries a hash of Chainlit's build, so it is looked up here.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from chainlit.config import config
from chainlit.server import build_dir
from fastapi import APIRouter
from fastapi.responses import Response

PRELOAD_ROUTE = "/tutor-preload.js"  # .chainlit/config.toml: custom_js
AHEAD = ("FilePlayer-*.js",)  # Chainlit's modules loaded on first use that a lesson needs at once
router = APIRouter()


@functools.cache
def modules_ahead() -> tuple[str, ...]:
    """The URLs of the modules to load ahead, as Chainlit serves its assets."""
    assets = Path(build_dir) / "assets"
    root = config.run.root_path.rstrip("/")
    return tuple(
        f"{root}/assets/{p.name}" for pattern in AHEAD for p in sorted(assets.glob(pattern))
    )


def preload_script(urls: tuple[str, ...]) -> str:
    return (
        f"for (const href of {json.dumps(list(urls))}) {{\n"
        '  const link = document.createElement("link");\n'
        '  link.rel = "modulepreload";\n'
        "  link.href = href;\n"
        "  document.head.appendChild(link);\n"
        "}\n"
    )


@router.get(PRELOAD_ROUTE)
async def preload() -> Response:
    return Response(preload_script(modules_ahead()), media_type="text/javascript")
