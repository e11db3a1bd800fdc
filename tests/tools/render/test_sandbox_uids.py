"""Sandbox uids are leased machine-wide: no two running renders ever share one."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tools.render import sandbox_uids
from tools.render.sandbox_uids import lease_uid


def test_concurrent_leases_get_distinct_uids_and_release(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_uids, "UID_COUNT", 2)
    with lease_uid() as first, lease_uid() as second:
        assert first != second
        assert {first, second} == {sandbox_uids.UID_FIRST, sandbox_uids.UID_FIRST + 1}
        with pytest.raises(RuntimeError, match="in use"), lease_uid():
            pass
    with lease_uid() as again:  # released at the end of the block
        assert again in {first, second}


def test_a_lease_held_by_another_process_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_uids, "UID_COUNT", 1)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time, tools.render.sandbox_uids as u\n"
            "u.UID_COUNT = 1\n"
            "with u.lease_uid():\n"
            "    print('held', flush=True)\n"
            "    time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(RuntimeError), lease_uid():
            pass
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    with lease_uid() as uid:  # the kernel released the dead holder's lock
        assert uid == sandbox_uids.UID_FIRST
