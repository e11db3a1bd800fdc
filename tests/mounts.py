"""Private mounts for tests that need a real full or tiny filesystem (`unshare --mount`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def can_mount_tmpfs(where: Path) -> bool:
    """Whether this machine lets a process mount a private tmpfs over `where`."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private",
         "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True,
    )  # fmt: skip
    return probe.returncode == 0
