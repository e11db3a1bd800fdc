"""The base-URL path: the real OpenAI client, over HTTP, against a local OpenAI-compatible stub.

The stub (model_stub.py) speaks the chat-completions protocol with streaming (server-sent
events) and tool calls, like Ollama, vLLM or LM Studio would; here it is scripted by how many
tool results it has been sent so far.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.providers import choose_model
from agent.settings import Settings
from tests.agent.conftest import OpenTutor
from tests.agent.model_stub import Chunk, StubServer, text_reply, tool_calls
from tests.agent.scripts import plan, scene_code
from tests.http_stubs import serving

pytestmark = pytest.mark.render
ROOT = Path(__file__).resolve().parents[2]

CODES = [scene_code(n) for n in range(1, 4)]
FAST_RETRIES = {"model_retries": 3, "model_retry_wait_s": 0.01, "model_retry_max_wait_s": 0.05}
FINAL_WORDS = ["Your ", "three-scene ", "lesson ", "is ", "ready."]


def three_scene_lesson(body: dict[str, Any]) -> Iterator[Chunk]:
    """Plan, write all, render, assemble, reply: chosen by the tool results sent so far."""
    tool_results = sum(1 for m in body["messages"] if m["role"] == "tool")
    if tool_results == 0:
        yield from tool_calls([("plan_lesson", {"plan": plan(3)})], 1)
    elif tool_results == 1:
        writes = [("write_scene_code", {"scene": n, "code": c}) for n, c in enumerate(CODES, 1)]
        yield from tool_calls(writes, 2)
    elif tool_results == 4:
        yield from tool_calls([("render_scenes", {"scenes": None})], 5)
    elif tool_results == 5:
        yield from tool_calls([("assemble_lesson", {})], 6)
    else:
        yield from text_reply(FINAL_WORDS)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with serving(StubServer(three_scene_lesson)) as server:
        yield server


async def test_a_lesson_through_an_openai_compatible_server(
    stub: StubServer, settings: Settings, open_tutor: OpenTutor
) -> None:
    url = f"http://127.0.0.1:{stub.server_address[1]}/v1"
    configured = settings.model_copy(update={"model": "stub-model", "model_base_url": url})
    chosen = choose_model(configured)
    assert not chosen.offline and chosen.label == f"stub-model via {url}"
    tutor = await open_tutor(chosen.model, settings=configured)
    user = await tutor.user("ada")
    deltas: list[str] = []
    from agent.tutor import TurnObserver

    result = await tutor.turn(
        user, "chat", "a lesson on squares", observer=TurnObserver(text=deltas.append)
    )
    assert result.ok, result.reply
    assert result.reply == "".join(FINAL_WORDS)
    assert deltas == FINAL_WORDS  # streamed token by token
    view = (await tutor.service.view(user, result.lesson_id or "")).model_dump()
    assert [s["status"] for s in view["scenes"]] == ["ok"] * 3 and view["export"]
    bodies = [r["body"] for r in stub.requests]
    assert all(r["path"] == "/v1/chat/completions" for r in stub.requests)
    assert all(b["stream"] is True and b["model"] == "stub-model" for b in bodies)
    assert {"plan_lesson", "render_scenes"} <= {t["function"]["name"] for t in bodies[0]["tools"]}
    # The tool results went back to the server as tool messages, one per call id.
    last = bodies[-1]["messages"]
    tool_ids = [m["tool_call_id"] for m in last if m["role"] == "tool"]
    assert tool_ids == [f"call_{i}" for i in range(1, 7)]
    rendered = json.loads(next(m["content"] for m in last if m.get("tool_call_id") == "call_5"))
    assert [r["status"] for r in rendered["results"]] == ["ok"] * 3


def test_a_base_url_without_a_model_name_is_a_clear_error(settings: Settings) -> None:
    from agent.providers import ModelConfigError

    with pytest.raises(ModelConfigError, match="TUTOR_MODEL"):
        choose_model(settings.model_copy(update={"model_base_url": "http://127.0.0.1:1/v1"}))


def test_nothing_configured_means_the_offline_model(settings: Settings) -> None:
    chosen = choose_model(settings)
    assert chosen.offline and chosen.label == "offline"


def test_without_an_openai_key_tracing_is_off_and_its_exporter_never_built(tmp_path: Path) -> None:
    """In a fresh process: the SDK's default exporter (an HTTPS client) is not created at all."""

    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            from agent.providers import choose_model
            from agent.settings import Settings
            from agents.tracing import get_trace_provider, processors
            choose_model(Settings())
            provider = get_trace_provider()
            print(provider._disabled, provider._multi_processor._processors,
                  processors._global_exporter)
        """)],
        capture_output=True, text=True, timeout=120, check=True,
        env={"PATH": "/usr/bin:/bin", "TUTOR_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert done.stdout.split() == ["True", "()", "None"]


def test_litellm_needs_its_extra_and_says_how_to_install_it(settings: Settings) -> None:
    from agent.providers import ModelConfigError

    try:
        import litellm  # noqa: F401  # pyright: ignore[reportMissingImports]
    except ImportError:
        with pytest.raises(ModelConfigError, match="--extra litellm"):
            choose_model(settings.model_copy(update={"model": "litellm/ollama/llama3.1"}))
    else:  # installed: the model is built (nothing is called)
        chosen = choose_model(settings.model_copy(update={"model": "litellm/ollama/llama3.1"}))
        assert chosen.label == "ollama/llama3.1 via LiteLLM"


def test_a_model_name_without_key_or_url_is_a_clear_error(settings: Settings) -> None:
    from agent.providers import ModelConfigError

    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        choose_model(settings.model_copy(update={"model": "gpt-4.1"}))


async def test_an_unreachable_model_server_is_reported_in_plain_words(
    settings: Settings, open_tutor: OpenTutor
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configured = settings.model_copy(
        update={
            "model": "stub-model",
            "model_base_url": f"http://127.0.0.1:{port}/v1",
            **FAST_RETRIES,
        }
    )
    tutor = await open_tutor(choose_model(configured).model, settings=configured)
    user = await tutor.user("ada")
    result = await tutor.turn(user, "chat", "a lesson on squares")
    assert not result.ok and result.lesson_id is None
    assert "could not be used" in result.reply and "TUTOR_MODEL_BASE_URL" in result.reply
    assert "Traceback" not in result.reply and "4 tries" in result.reply  # retried first


@pytest.mark.parametrize("retry_after", [None, "0"])
async def test_a_busy_model_is_retried_and_the_lesson_completes(
    stub: StubServer,
    settings: Settings,
    open_tutor: OpenTutor,
    caplog: pytest.LogCaptureFixture,
    retry_after: str | None,
) -> None:
    from agent.model_retry import busy_notice
    from agent.tutor import TurnObserver
    from tools.retry import RetryNotice

    stub.busy_for, stub.retry_after = 2, retry_after
    url = f"http://127.0.0.1:{stub.server_address[1]}/v1"
    configured = settings.model_copy(
        update={"model": "stub-model", "model_base_url": url, **FAST_RETRIES}
    )
    tutor = await open_tutor(choose_model(configured).model, settings=configured)
    user = await tutor.user("ada")
    notices: list[RetryNotice] = []
    caplog.set_level("WARNING", logger="tools.retry")
    result = await tutor.turn(
        user, "chat", "a lesson on squares", observer=TurnObserver(retrying=notices.append)
    )
    assert result.ok, result.reply
    assert result.reply == "".join(FINAL_WORDS)
    view = (await tutor.service.view(user, result.lesson_id or "")).model_dump()
    assert [s["status"] for s in view["scenes"]] == ["ok"] * 3 and view["export"]
    # The stub saw two refused requests, then the same request again, and the lesson after it.
    bodies = [r["body"] for r in stub.requests]
    assert bodies[0] == bodies[1] == bodies[2]
    assert len(bodies) == 2 + 5  # plan, write, render, assemble, reply
    # Each retry is in the log and reached the user; the client did not retry on its own.
    retries = [r.getMessage() for r in caplog.records if r.name == "tools.retry"]
    assert [r.split(":")[0] for r in retries] == [
        "model call failed (try 1 of 4)",
        "model call failed (try 2 of 4)",
    ]
    assert all("RateLimitError" in r and "retrying in" in r for r in retries)
    assert all(r.levelname == "WARNING" for r in caplog.records if r.name == "tools.retry")
    assert [(n.attempt, n.tries) for n in notices] == [(1, 4), (2, 4)]
    assert busy_notice(notices[-1]) == "The model is busy, retrying… (try 3 of 4)"


async def test_a_model_busy_for_longer_than_the_retries_ends_the_turn_in_words(
    stub: StubServer,
    settings: Settings,
    open_tutor: OpenTutor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stub.busy_for = 1000
    url = f"http://127.0.0.1:{stub.server_address[1]}/v1"
    configured = settings.model_copy(
        update={"model": "stub-model", "model_base_url": url, **FAST_RETRIES, "model_retries": 1}
    )
    tutor = await open_tutor(choose_model(configured).model, settings=configured)
    user = await tutor.user("ada")
    caplog.set_level("WARNING", logger="tools.retry")
    result = await tutor.turn(user, "chat", "a lesson on squares")
    assert not result.ok and result.lesson_id is None
    assert result.reply == "The model is still busy after 2 tries; try again in a minute."
    assert len(stub.requests) == 2
    assert any("giving up" in r.getMessage() for r in caplog.records if r.name == "tools.retry")


def test_tutor_make_says_on_stderr_that_the_model_is_busy(
    stub: StubServer, tmp_path: Path, index_dir: Path, docs_index: object
) -> None:
    stub.busy_for = 1000
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env |= {
        "TUTOR_DATA_DIR": str(data),
        "TUTOR_MODEL": "stub-model",
        "TUTOR_MODEL_BASE_URL": f"http://127.0.0.1:{stub.server_address[1]}/v1",
        "TUTOR_MODEL_RETRIES": "2",
        "TUTOR_MODEL_RETRY_WAIT_S": "0.01",
        "TUTOR_MODEL_RETRY_MAX_WAIT_S": "0.05",
    }
    run = subprocess.run(
        [sys.executable, "-m", "agent.cli", "make", "a lesson on squares", "--json"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    out = json.loads(run.stdout)
    assert out == {
        "lesson": None,
        "reply": "The model is still busy after 3 tries; try again in a minute.",
    }
    assert "The model is busy, retrying… (try 2 of 3)" in run.stderr
    assert "The model is busy, retrying… (try 3 of 3)" in run.stderr
    assert "model call failed (try 1 of 3): RateLimitError" in run.stderr  # the log line
    assert "Traceback" not in run.stderr
    assert len(stub.requests) == 3
