"""`validate_manim_code` gives each problem a severity; warnings alone leave the code ok."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mcp.types import TextContent

from mcp_manim_docs.docs_service import DocsService
from tests.mcp_manim_docs.test_server import memory_session, structured

SIZES = (
    "from manim import *\n\n\nclass Sizes(Scene):\n    def construct(self):\n"
    "        sq = Square()\n        sq.set_width(2)\n"
)


@pytest.fixture(scope="module")
def service(index_dir: Path) -> DocsService:
    return DocsService.load(index_dir)


async def test_each_problem_has_a_severity(service: DocsService) -> None:
    code = SIZES + "        self.play(ShowCreation(sq))\n"
    async with memory_session(service) as session:
        result = await session.call_tool("validate_manim_code", {"code": code})
        out = structured(result)
        assert out["ok"] is False
        assert [(p["line"], p["severity"]) for p in out["problems"]] == [
            (7, "warning"),
            (8, "error"),
        ]
        (content,) = [c for c in result.content if isinstance(c, TextContent)]
        assert json.loads(content.text) == out  # the text form says the same
        tools = {t.name: t for t in (await session.list_tools()).tools}
        described = tools["validate_manim_code"]
        # No output schemas on either transport (tool_calls): the description says it instead.
        assert described.description and "warning" in described.description
        assert "severity" in described.description


def test_only_warnings_is_ok(service: DocsService) -> None:
    result = service.validate(SIZES)
    assert result.ok is True
    assert [(p.code, p.severity, p.fixable) for p in result.problems] == [
        ("removed-api", "warning", True)
    ]
