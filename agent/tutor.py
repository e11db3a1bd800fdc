"""The running product: store, files, renderer, model and docs server, and one chat turn at a time.

The CLI and the chat app each open one `Tutor` and call `turn()` per user message.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from agents import Runner
from agents.exceptions import AgentsException, MaxTurnsExceeded
from agents.models.interface import Model
from openai import APIError

from agent.early_renders import EarlyRenders
from agent.lesson_agent import build_lesson_agent
from agent.memory import Memory
from agent.model_retry import RetryingModel, gave_up_reply, model_policy
from agent.providers import CONFIGURE_HINT
from agent.settings import Settings
from agent.turn_context import TurnContext
from agent.wiring import Backends, docs_server, open_backends, open_model
from lessons.ports import SceneRenderer
from lessons.progress import ProgressListener, ignore_progress
from lessons.repairs import RepairBudget
from lessons.store.api_protocol import ApiStore
from lessons.store.protocol import AccountStore
from lessons.store.records import User
from tools.media.quality import QualityName
from tools.retry import RetriesExhausted, RetryNotice
from tools.storage.protocol import FileStorage

if TYPE_CHECKING:  # the MCP client stack loads only when a docs server is opened
    from agents.mcp import MCPServer

log = logging.getLogger(__name__)
MAX_MODEL_CALLS = 40  # plan + code + renders + 3 repairs per scene fit well inside this


@dataclass(frozen=True)
class ToolEvent:
    """A tool call or its output, for UIs that show the agent's steps."""

    kind: Literal["called", "output"]
    call_id: str
    name: str
    data: str  # the call's JSON arguments, or the tool's output


@dataclass
class TurnObserver:
    """Callbacks for live display; every one is optional."""

    progress: ProgressListener = ignore_progress
    text: Callable[[str], None] = lambda _delta: None
    tool: Callable[[ToolEvent], None] = lambda _event: None
    retrying: Callable[[RetryNotice], None] = lambda _notice: None  # the model is busy


@dataclass(frozen=True)
class TurnOptions:
    """Per-chat choices that override the settings for one turn."""

    model: Model | None = None
    quality: QualityName | None = None
    max_repair_attempts: int | None = None
    voice: bool | None = None  # False: silent clips this turn (None: the narration is spoken)


@dataclass(frozen=True)
class TurnResult:
    reply: str
    lesson_id: str | None
    rendered: set[int] = field(default_factory=set[int])
    ok: bool = True  # False when the turn ended in an error (the reply says what to do)


class Tutor:
    def __init__(
        self,
        settings: Settings,
        backends: Backends,
        model: Model,
        model_label: str,
        offline: bool,
        docs_server: MCPServer | None,
        memory: Memory,
    ) -> None:
        self.settings = settings
        self.backends = backends
        self.service = backends.service
        self.accounts: AccountStore = backends.accounts
        self.api: ApiStore = backends.api  # the REST API's keys, jobs and webhook log
        self.model = model
        self.model_label = model_label
        self.offline = offline
        self.docs_server = docs_server
        self.memory = memory
        self.running: set[str] = set()  # "user id:session id" of the turns under way here

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        model: Model | None = None,
        renderer: SceneRenderer | None = None,
        files: FileStorage | None = None,
        backends: Backends | None = None,
        docs_mcp: bool = True,
        keep_warm: bool = True,
    ) -> Tutor:
        """Everything the agent needs, from settings (`agent.wiring`); tests pass their own
        model, renderer or files, and a command that opened the backends already passes them.

        `keep_warm`: keep sandboxes started ahead of demand (a long-running app), rather than
        only for the first renders (a one-shot command).
        """
        memory = await Memory.open(settings)  # an unreachable database fails before all else
        backends = backends or open_backends(settings, renderer=renderer, files=files)
        if model is None:
            chosen = open_model(settings)
            model, label, offline = chosen.model, chosen.label, chosen.offline
        else:
            label, offline = getattr(model, "model", type(model).__name__), False
        backends.service.warm_up(keep_warm)  # sandboxes warm up while the model plans
        # The offline model never looks anything up: starting the docs server for it is waste.
        docs = docs_server(settings) if docs_mcp and not offline else None
        if docs is not None:
            await docs.connect()
        return cls(settings, backends, model, str(label), offline, docs, memory)

    async def close(self) -> None:
        if self.docs_server is not None:
            await self.docs_server.cleanup()
        await self.memory.close()
        await self.backends.close()

    async def user(self, name: str) -> User:
        return await self.accounts.ensure_user(name)

    async def lesson_for(self, user: User, session_id: str) -> str | None:
        """The lesson a conversation is about: the most recent one made in it."""
        lessons = await self.service.lessons_in_session(user, session_id)
        return lessons[0].id if lessons else None

    async def turn(
        self,
        user: User,
        session_id: str,
        message: str,
        *,
        lesson_id: str | None = None,
        observer: TurnObserver | None = None,
        options: TurnOptions | None = None,
    ) -> TurnResult:
        """Run one user message through the agent, with the conversation's memory."""
        observer = observer or TurnObserver()
        options = options or TurnOptions()
        if lesson_id is not None:
            await self.service.lesson(user, lesson_id)  # refuses other users' lessons
        context = TurnContext(
            service=self.service,
            user=user,
            session_id=session_id,
            quality=options.quality or self.settings.quality,
            voice=options.voice is not False,
            budget=RepairBudget(
                self.settings.max_repair_attempts
                if options.max_repair_attempts is None
                else options.max_repair_attempts
            ),
            listener=observer.progress,
            lesson_id=lesson_id or await self.lesson_for(user, session_id),
            prompt=message,
            share_url=self.settings.share_url,
        )
        model = RetryingModel(
            options.model or self.model, model_policy(self.settings), observer.retrying
        )
        agent = build_lesson_agent(model, [self.docs_server] if self.docs_server else [])
        # Memory is keyed by user too, so one user's conversation never feeds another's.
        key = f"{user.id}:{session_id}"
        log.info("agent turn for %s (lesson %s)", user.name, context.lesson_id or "new")
        self.running.add(key)
        early = EarlyRenders(context)  # scenes render as soon as the stream has their code
        try:
            with self.memory.session(key) as session:
                result = Runner.run_streamed(
                    agent, message, context=context, session=session, max_turns=MAX_MODEL_CALLS
                )
                async for event in result.stream_events():
                    early.watch(event)
                    _observe(event, observer)
                reply, ok = str(result.final_output or ""), True
                await early.settle()
        except MaxTurnsExceeded:
            reply, ok = "I stopped: this took too many steps. Try a smaller request.", False
        except RetriesExhausted as exc:  # the policy logged every try
            reply, ok = gave_up_reply(exc), False
        except (AgentsException, APIError, OSError) as exc:
            log.exception("turn failed")
            reply, ok = _model_failure(exc, self.offline), False
        finally:
            early.cancel()  # a no-op once settled; else the turn failed or was stopped
            self.running.discard(key)
        log.info(
            "agent turn %s: %d scene(s) rendered", "done" if ok else "failed", len(context.rendered)
        )
        return TurnResult(reply, context.lesson_id, context.rendered, ok)

    def is_running(self, user: User, session_id: str) -> bool:
        """Whether a turn of this conversation is under way in this process."""
        return f"{user.id}:{session_id}" in self.running

    def new_session_id(self) -> str:
        return uuid.uuid4().hex


def _observe(event: Any, observer: TurnObserver) -> None:
    if event.type == "raw_response_event":
        data = event.data
        if getattr(data, "type", "") == "response.output_text.delta":
            observer.text(data.delta)
    elif event.type == "run_item_stream_event" and event.name in ("tool_called", "tool_output"):
        raw = event.item.raw_item
        call_id = str(_field(raw, "call_id") or "")
        if event.name == "tool_called":
            name, arguments = str(_field(raw, "name") or ""), str(_field(raw, "arguments") or "")
            observer.tool(ToolEvent("called", call_id, name, arguments))
        else:
            observer.tool(ToolEvent("output", call_id, "", str(event.item.output)))


def _field(raw: Any, key: str) -> Any:
    return raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None)


def _model_failure(exc: Exception, offline: bool) -> str:
    if offline:
        return f"The offline model hit a problem it cannot handle ({type(exc).__name__}). {CONFIGURE_HINT}"
    return (
        f"The model could not be used ({type(exc).__name__}: {str(exc)[:200]}). Check the model "
        "settings (TUTOR_MODEL, TUTOR_MODEL_BASE_URL, the API key) and try again."
    )
