"""The slow imports of a render and of the `tutor` agent commands run with the garbage collector
paused and are then frozen out of its sight, while the collector stays on for what comes after.

Each import runs in a fresh interpreter: freezing would change this test process itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from mcp_manim_docs.doc_model import DocsIndex

REPORT = """
import gc, json
before = sum(s["collections"] for s in gc.get_stats())
{call}
after = sum(s["collections"] for s in gc.get_stats())
print(json.dumps({{"collections": after - before, "frozen": gc.get_freeze_count(),
                  "enabled": gc.isenabled()}}))
"""


def _imported_by(setup: str, call: str) -> dict[str, object]:
    code = textwrap.dedent(setup) + REPORT.format(call=call)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_the_render_sandbox_imports_manim_with_the_collector_paused_then_freezes_it() -> None:
    report = _imported_by("from tools.render import scene_runner", "scene_runner._import_manim()")
    assert report["collections"] == 0  # paused for the import (it runs several otherwise)
    assert report["frozen"] > 50_000  # manim's objects, out of every later collection
    assert report["enabled"] is True  # what the scene creates is still collected


def test_the_agent_commands_import_the_agents_sdk_with_the_collector_paused_then_freeze_it() -> (
    None
):
    report = _imported_by("from agent import lesson_cli", "lesson_cli._import_agent_stack()")
    assert report["collections"] == 0
    assert report["frozen"] > 50_000
    assert report["enabled"] is True


def test_the_agent_commands_skip_openais_unused_aiohttp_transport_and_can_import_it_later() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from agent import lesson_cli
            lesson_cli._import_agent_stack()
            import openai
            skipped = "aiohttp" not in sys.modules and "openai" in sys.modules
            import aiohttp  # for whatever needs it later (a data layer, LiteLLM)
            print(skipped, aiohttp.ClientSession.__name__)
        """)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["True", "ClientSession"]


def test_the_agent_commands_load_mcps_clients_and_servers_only_when_a_docs_server_opens(
    docs_index: DocsIndex, index_dir: Path, tmp_path: Path
) -> None:
    """The Agents SDK needs two small MCP modules to import; `mcp`'s own `__init__` (its clients,
    its servers, starlette, uvicorn) and httpx's command-line client wait. The docs server,
    opened afterwards, still lists its tools over stdio."""
    (tmp_path / "api-index").symlink_to(index_dir)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import asyncio, sys
            from agent import lesson_cli
            lesson_cli._import_agent_stack()
            heavy = ("mcp.client.session", "mcp.server.fastmcp", "uvicorn", "httpx._main", "rich")
            print(*[name in sys.modules for name in ("agents", "mcp.types", *heavy)])
            from agent.settings import Settings
            from agent.wiring import docs_server

            async def tools() -> list[str]:
                async with docs_server(Settings()) as server:
                    return sorted(tool.name for tool in await server.list_tools())

            print(*asyncio.run(tools()))
        """)],
        capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "TUTOR_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    loaded, tools = done.stdout.splitlines()[-2:]
    assert loaded.split() == ["True", "True", "False", "False", "False", "False", "False"]
    assert "search_manim_docs" in tools.split() and "get_manim_doc" in tools.split()


BUILD_EVERY_DEFERRED = """
import sys
import pydantic
from agent import lesson_cli
lesson_cli._import_agent_stack()
from agent.settings import Settings

def flat(value):  # the SDK keeps some adapters in tuples of (type, adapter)
    if isinstance(value, tuple):
        for item in value:
            yield from flat(item)
    else:
        yield value

def deferred():
    for name, module in list(sys.modules.items()):
        if not name.startswith(("agents", "mcp")):
            continue
        for value in flat(tuple(vars(module).values())):
            if isinstance(value, pydantic.TypeAdapter) and not value.pydantic_complete:
                yield value.validator
            elif (isinstance(value, type) and issubclass(value, pydantic.BaseModel)
                  and value.__module__ == name and not value.__pydantic_complete__):
                yield value.__pydantic_validator__

def build_each():  # as a first use would: a call deep in some caller's stack
    found = failed = 0
    for validator in deferred():
        found += 1
        try:
            validator.validate_python  # a deferred one builds on this first look
        except Exception as exc:
            failed += 1
            print("FAILED", exc, file=sys.stderr)
    return found, failed, sum(1 for _ in deferred())

print(*build_each(), Settings.__pydantic_complete__)
"""


def test_the_agent_commands_build_the_sdks_pydantic_validators_on_first_use_and_all_build() -> None:
    """Hundreds of the SDK's models and adapters are left unbuilt by a `tutor` command's
    import; each still builds when first used (none depends on where it was defined)."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD_EVERY_DEFERRED],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    found, failed, left, ours = done.stdout.split()
    assert int(found) > 200, done.stdout
    assert (int(failed), int(left)) == (0, 0), done.stderr
    assert ours == "True"  # ours, imported before the SDK: built as usual


def test_the_logs_load_structlog_without_rich_and_still_write_tracebacks() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import logging, sys
            import agent.cli
            from tools.logs import configure_logging
            print("rich" in sys.modules)
            configure_logging("INFO", "text", "cli")
            try:
                1 / 0
            except ZeroDivisionError:
                logging.getLogger("x").exception("it broke")
        """)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["False"]
    assert "it broke" in done.stderr and "ZeroDivisionError: division by zero" in done.stderr


def test_without_the_pause_the_same_import_collects() -> None:
    """The two tests above can fail: a plain import of manim runs the collector."""
    report = _imported_by("", "import manim")
    assert report["collections"] > 0
    assert report["frozen"] == 0


def test_the_app_start_builds_the_streamed_response_models_the_first_turn_would_build() -> None:
    report = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            from agent.response_models import STREAMED, prepare_response_models
            print(sum(not m.__pydantic_complete__ for m in STREAMED))
            prepare_response_models()
            print(sum(not m.__pydantic_complete__ for m in STREAMED))
        """)],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split()  # fmt: skip
    assert int(report[0]) > 10  # openai defers them: a fresh process has them unbuilt
    assert int(report[1]) == 0
