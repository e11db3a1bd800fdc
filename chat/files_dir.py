"""Chainlit's session files in a directory of this process's own.

Chainlit keeps uploads and element copies under `<app root>/.files` and deletes that whole folder
at every clean shutdown, so a second instance from the same checkout lost its files (every turn
then failed). Each process gets a private temporary directory instead (mode 0700), which
Chainlit's shutdown then removes as before.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import chainlit.config
import chainlit.server


def use_private_files_dir() -> Path:
    """Point Chainlit at a fresh per-process files directory; call before the server starts."""
    path = Path(tempfile.mkdtemp(prefix="manim-tutor-chat-files-"))
    chainlit.config.FILES_DIRECTORY = path  # read lazily by sessions
    # Imported by value there, for the shutdown clean-up:
    chainlit.server.FILES_DIRECTORY = path  # pyright: ignore[reportPrivateImportUsage]
    return path
