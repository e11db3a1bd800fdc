"""Copy a whole installation from one store to another, then prove it arrived: the target,
read back, must hold the same counts and the same content hash as the source."""

from __future__ import annotations

from pydantic import BaseModel

from lessons.store.snapshot import Installation


class CopyReport(BaseModel):
    counts: dict[str, int]
    sha256: str


class CopyMismatch(RuntimeError):
    """The target, read back after the copy, differs from the source."""


async def copy_installation(source: Installation, target: Installation) -> CopyReport:
    """Copy every user (with password hash), lesson, scene version, export and share link from
    `source` into the empty `target`; raises CopyMismatch if the read-back differs."""
    snapshot = await source.dump()
    await target.load(snapshot)
    arrived = await target.dump()
    if arrived.counts() != snapshot.counts():
        raise CopyMismatch(f"copied {snapshot.counts()}, but the target holds {arrived.counts()}")
    if arrived.digest() != snapshot.digest():
        raise CopyMismatch(
            f"the target's content hash {arrived.digest()} differs from the source's"
            f" {snapshot.digest()}"
        )
    return CopyReport(counts=snapshot.counts(), sha256=snapshot.digest())
