"""The render's share of the CPU. Runs INSIDE the sandbox: stdlib only.

The sandbox starts renders under `nice` so that the app (muxing the clip a user waits for,
answering the browser) and the host stay responsive. But a sandbox runs in a session of its
own (bwrap --new-session; `start_new_session` without bwrap), and where the kernel groups
processes by session for scheduling (autogroup, on in Debian's kernels) each session competes
with every other one as an equal: the process's niceness then ranks it only inside its own
session. Measured here: two renders and a warm sandbox slowed a narration mux in the app from
0.37 s to 0.73 s at nice 5, and not at all once their sessions carried the niceness too.

One render is not background work: the one a user waits for first (a lesson's first scene,
an edit), which the parent marks on the go line. Its session takes the app's share again,
level with the app, ahead of the renders behind it: measured in the chat app, the first clip
came 0.3 s sooner (1.50 s to 1.14 s, median of 5), as scene 1 no longer split a core with
scene 2 and the browser. Any process may lower its session's niceness back to 0.
"""

from __future__ import annotations

import errno
import os
import threading
import time

AUTOGROUP = "/proc/self/autogroup"
# The kernel accepts one unprivileged write per 0.1 s across the whole host (EAGAIN otherwise),
# so sandboxes starting together take turns.
RETRY_EVERY_S = 0.11
ATTEMPTS = 30


def share_cpu_as_background() -> threading.Thread | None:
    """Give this session's scheduling group the niceness this process was started with.

    Retries from a daemon thread, so a busy moment never delays the render. Returns that
    thread; None when there is nothing to do (niceness 0, or no autogroup in this kernel)."""
    niceness = os.nice(0)
    return _set_group_niceness(niceness) if niceness > 0 else None


def share_cpu_as_foreground() -> threading.Thread | None:
    """Give this session's scheduling group the default share (niceness 0), the same way."""
    return _set_group_niceness(0)


def _set_group_niceness(niceness: int) -> threading.Thread | None:
    if not os.path.exists(AUTOGROUP):
        return None
    thread = threading.Thread(target=_write, args=(niceness,), daemon=True)
    thread.start()
    return thread


def _write(niceness: int) -> None:
    for _ in range(ATTEMPTS):
        try:
            with open(AUTOGROUP, "w") as group:
                group.write(str(niceness))
            return
        except OSError as exc:
            if exc.errno != errno.EAGAIN:
                return  # not allowed here: the render still runs, only at the default share
        time.sleep(RETRY_EVERY_S)
