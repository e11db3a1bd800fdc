"""Where `tutor serve` finds the chat app, and the directory Chainlit serves it from.

Chainlit reads `.chainlit/` (config, translations), `public/` and `chainlit.md` from its app root
(`CHAINLIT_APP_ROOT`, else the working directory) and creates `.files/` there as it is imported,
so that root must be writable. In a checkout these files sit next to app.py; the wheel carries
app.py at the top of site-packages and the files in `chat/app_files/` (see hatch_build.py), and
an installed site-packages may well be read-only. So the app is served from `<data dir>/app`,
which gets the current files at every start, in both cases.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# The checkout, or the site-packages the wheel was installed into.
_ROOT = Path(__file__).resolve().parents[1]
APP_SCRIPT = _ROOT / "app.py"
APP_FILES = (".chainlit", "public", "chainlit.md")


def app_files_dir() -> Path:
    """The directory holding APP_FILES: the wheel's copy when installed, else the checkout."""
    installed = _ROOT / "chat" / "app_files"
    return installed if installed.is_dir() else _ROOT


def prepare_app_root(data_dir: Path) -> Path:
    """`<data_dir>/app` with the app's current files (each replaced atomically when changed,
    so an instance already serving from it never reads half a file); returns it."""
    source, root = app_files_dir(), (data_dir / "app").absolute()
    for name in APP_FILES:
        top = source / name
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if path.is_file():
                _put(path.read_bytes(), root / path.relative_to(source))
    return root


def _put(data: bytes, dest: Path) -> None:
    if dest.is_file() and dest.read_bytes() == data:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(staging, dest)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
