"""The bubblewrap command line: what a sandboxed render sees of the machine.

A read-only system (binaries, libraries, fonts, LaTeX), this Python and its venv (mounted at a
neutral path), one writable work dir at /sandbox, no network, and a scrubbed environment. As
root, the process drops to its own unprivileged uid with no capabilities.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

SANDBOX_ROOT = "/sandbox"
BWRAP_MISSING_WARNING = (
    "bubblewrap (bwrap) is not installed: renders run with resource limits only, without "
    "filesystem and network isolation. Install it with `make setup` (apt package bubblewrap)."
)

# System paths a render needs read-only: binaries, libraries, fonts, LaTeX and its config.
SYSTEM_RO_PATHS = (
    "/usr",
    "/etc/fonts",
    "/etc/texmf",
    "/etc/alternatives",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/var/lib/texmf",
    "/var/cache/fontconfig",
)
MERGED_USR_LINKS = {
    "/bin": "usr/bin",
    "/sbin": "usr/sbin",
    "/lib": "usr/lib",
    "/lib64": "usr/lib64",
}


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


VENV_MOUNT = "/opt/venv"


def _in_venv() -> bool:
    return os.path.realpath(sys.prefix) != os.path.realpath(sys.base_prefix)


def python_mounts() -> list[tuple[str, str]]:
    """Read-only binds (host path, sandbox path) for this interpreter and its venv.

    The venv is mounted at a neutral path, so the project that usually contains it stays out
    of view; the base interpreter keeps its own path (its binary has that path compiled in).
    """
    base = os.path.realpath(sys.base_prefix)
    mounts = [] if base.startswith("/usr/") else [(base, base)]
    if _in_venv():
        mounts.append((os.path.realpath(sys.prefix), VENV_MOUNT))
    return mounts


def sandbox_python(use_bwrap: bool) -> str:
    """The path of this Python as the sandboxed process sees it."""
    if use_bwrap and _in_venv():
        return os.path.join(VENV_MOUNT, os.path.relpath(sys.executable, sys.prefix))
    return sys.executable


def sandbox_env() -> dict[str, str]:
    """A clean environment: nothing of the parent's (API keys, tokens) crosses over."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": SANDBOX_ROOT,
        "TMPDIR": f"{SANDBOX_ROOT}/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLCONFIGDIR": f"{SANDBOX_ROOT}/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONUNBUFFERED": "1",
        "MALLOC_ARENA_MAX": "2",  # keeps address space small under an RLIMIT_AS cap
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "TEXMFVAR": f"{SANDBOX_ROOT}/tmp/texmf-var",
    }


def bwrap_command(
    argv: Sequence[str], work_dir: Path, extra_ro: Sequence[Path], uid: int
) -> list[str]:
    cmd = [
        "bwrap",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "sandbox",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--clearenv",
    ]
    for link, target in MERGED_USR_LINKS.items():
        if os.path.islink(link):
            cmd += ["--symlink", target, link]
        elif os.path.isdir(link):
            cmd += ["--ro-bind", link, link]
    made: set[str] = {"/"}
    binds = [(p, p) for p in (*SYSTEM_RO_PATHS, *map(str, extra_ro))] + python_mounts()
    for source, target in binds:
        if not os.path.exists(source):
            continue
        # bwrap would create missing parents (e.g. /root for a pyenv Python) as 0700, which
        # the unprivileged uid cannot traverse; create them world-traversable instead.
        for parent in reversed(Path(target).parents):
            if str(parent) not in made and not os.path.islink(parent):
                made.add(str(parent))
                cmd += ["--perms", "0755", "--dir", str(parent)]
        cmd += ["--ro-bind", source, target]
    cmd += ["--bind", str(work_dir), SANDBOX_ROOT, "--symlink", f"{SANDBOX_ROOT}/tmp", "/tmp"]
    cmd += ["--chdir", SANDBOX_ROOT]
    for key, value in sandbox_env().items():
        cmd += ["--setenv", key, value]
    if os.geteuid() == 0:
        # bwrap runs privileged as root: drop to an unprivileged uid with no capabilities, or
        # root would ignore the process-count limit and could read root-only files.
        cmd += [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
        ]
    return [*cmd, *argv]
