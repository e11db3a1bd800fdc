"""Wheel build hook: the chat app travels with its packages.

app.py becomes the top-level module it is in a checkout; the files Chainlit reads from its app
root (config and translations, `public/`, `chainlit.md`) go inside `chat/app_files/` rather than
loose in site-packages (`tutor serve` copies them to `<data dir>/app`, see agent/app_root.py).
Only for a real wheel: an editable install reads them from the checkout, so it gets no copies
that would go stale (a `force-include` table would copy them into editable installs too).
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

APP_FILES = {
    "app.py": "app.py",
    ".chainlit": "chat/app_files/.chainlit",
    "public": "chat/app_files/public",
    "chainlit.md": "chat/app_files/chainlit.md",
}


class AppFilesHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data.setdefault("force_include", {}).update(APP_FILES)
