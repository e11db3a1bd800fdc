"""A chat tab without a browser: Chainlit's socket.io protocol, as its web client speaks it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import socketio

from tests.app.conftest import AppServer


class ChatSocket:
    """One chat session: connect (new thread, or resume `thread_id`), send messages, await turns."""

    def __init__(self, server: AppServer, token: str, thread_id: str | None = None) -> None:
        self.server, self.token = server, token
        self.session_id = str(uuid.uuid4())
        self.thread_id = thread_id or str(uuid.uuid4())
        self.events: list[tuple[str, Any]] = []
        self.client = socketio.AsyncClient(reconnection=False)
        self._turn_over = asyncio.Event()
        self._in_turn = False
        self.tasks_done = 0  # finished tasks: on_chat_start or on_chat_resume, then each turn
        self._seen: dict[str, asyncio.Event] = {}
        self.client.on("*", self._record)

    def _event(self, name: str) -> asyncio.Event:
        return self._seen.setdefault(name, asyncio.Event())

    async def _record(self, event: str, data: Any = None) -> None:
        self.events.append((event, data))
        self._event(event).set()
        if event == "task_start":
            self._in_turn = True
        elif event == "task_end" and self._in_turn:
            self._in_turn = False
            self.tasks_done += 1
            self._turn_over.set()

    async def __aenter__(self) -> ChatSocket:
        await self.client.connect(
            self.server.url,
            headers={"Cookie": f"access_token={self.token}"},
            auth={
                "sessionId": self.session_id,
                "clientType": "webapp",
                "threadId": self.thread_id,
                "userEnv": "{}",
                "chatProfile": None,
            },
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            wait_timeout=15,
        )
        await self.client.emit("connection_successful")
        await self._tasks_done(1, 30)  # the chat start (or resume) hook has run
        return self

    async def _tasks_done(self, count: int, timeout_s: float) -> None:
        async def reached() -> None:
            while self.tasks_done < count:
                self._turn_over.clear()
                await self._turn_over.wait()

        await asyncio.wait_for(reached(), timeout_s)

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.client.disconnect()

    async def seen(self, event: str, timeout_s: float = 30) -> None:
        """Wait until the app has sent this event (e.g. "resume_thread" for a reopened chat)."""
        await asyncio.wait_for(self._event(event).wait(), timeout_s)

    async def turn(self, text: str, timeout_s: float = 240) -> None:
        """Send one message and wait until the app's turn is over."""
        target = self.tasks_done + 1
        message = {
            "id": str(uuid.uuid4()),
            "threadId": self.thread_id,
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        await self.client.emit("client_message", {"message": message, "fileReferences": []})
        await self._tasks_done(target, timeout_s)
