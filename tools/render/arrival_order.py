"""Callers pass a gate in the order they arrived, however long each takes to reach it.

Between asking for a render and queueing for a slot, a render awaits other work: the store,
the speech, the static check in a thread. Those finish in any order, so without a gate the
scenes of a lesson reached the render pool shuffled (scene 3 first, scene 1 third) and the
lesson's first clip came late. A caller takes a ticket as it arrives (synchronously, so the
order is the order of the calls), awaits its `turn` just before the gate, and `leave`s as it
passes, before its next await, so whatever it joins (the pool's queue) keeps that order too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable


class Ticket:
    __slots__ = ("key", "ready")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.ready: asyncio.Future[None] | None = None


class ArrivalOrder:
    """Tickets in arrival order, per key (a user, a lesson); keys do not wait for each other."""

    def __init__(self) -> None:
        self._lines: dict[Hashable, list[Ticket]] = {}

    def take(self, key: Hashable) -> Ticket:
        ticket = Ticket(key)
        self._lines.setdefault(key, []).append(ticket)
        return ticket

    def split(self, ticket: Ticket, count: int) -> list[Ticket]:
        """`count` tickets in `ticket`'s place in line, in order (one call, several renders)."""
        tickets = [Ticket(ticket.key) for _ in range(count)]
        line = self._lines.get(ticket.key)
        if line is None or ticket not in line:  # already left: the new ones join the end
            for new in tickets:
                self._lines.setdefault(ticket.key, []).append(new)
            return tickets
        at = line.index(ticket)
        line[at : at + 1] = tickets
        if not line:
            del self._lines[ticket.key]
        else:
            self._wake(line)
        return tickets

    async def turn(self, ticket: Ticket) -> None:
        """Returns once every ticket taken before this one (for its key) has left."""
        line = self._lines.get(ticket.key, [])
        if ticket not in line or line[0] is ticket:
            return
        ticket.ready = asyncio.get_running_loop().create_future()
        try:
            await ticket.ready
        finally:
            ticket.ready = None

    def leave(self, ticket: Ticket) -> None:
        """Out of line (idempotent): on passing the gate, or on giving up before it."""
        line = self._lines.get(ticket.key)
        if line is None or ticket not in line:
            return
        line.remove(ticket)
        if not line:
            del self._lines[ticket.key]
        else:
            self._wake(line)

    def __len__(self) -> int:
        return sum(len(line) for line in self._lines.values())

    @staticmethod
    def _wake(line: list[Ticket]) -> None:
        head = line[0].ready
        if head is not None and not head.done():
            head.set_result(None)
