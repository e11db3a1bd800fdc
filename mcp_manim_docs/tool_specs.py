"""The docs server's tools, defined once for both transports.

Each tool is a name, a description (the model's prompt), an input model and a handler on
`DocsService`. The input models are the tools' input schemas: a field without a default is
required, and bounds (`ge`/`le`) are checked, each refusal naming the field (`arguments.py`).
`protocol.py` serves them over stdio (`stdio_server.py`) and HTTP (`http_server.py`) alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from mcp_manim_docs.docs_service import DocsService, ExampleSummary, SearchAnswer, VersionInfo
from mcp_manim_docs.search_answer import DEFAULT_MAX_CHARS, MAX_MAX_CHARS, MIN_MAX_CHARS, Kind
from tools.check import CheckResult

INSTRUCTIONS = """\
Documentation of the Manim Community Edition (CE) version installed here, and a checker for
Manim code. Use it whenever you write or fix Manim code: LLMs often mix up ManimGL and old CE
APIs (ShowCreation, TextMobject, GraphScene, axes.get_graph...) and guess signatures.
- search_manim_docs: find the class or method for a task, in plain words ("zoom into part of the
  scene", "make a number change smoothly") or by name.
- get_manim_doc: the signature, parameters and examples of one symbol ("Axes.plot").
- list_manim_examples / get_manim_example: complete scenes that render.
- validate_manim_code: check code before rendering (syntax, unsafe constructs, API misuse, with
  the CE replacement for old API).
- manim_version: the version these docs describe.
"""

READ_ONLY = {"readOnlyHint": True, "idempotentHint": True, "openWorldHint": False}


class SearchArgs(BaseModel):
    query: str = Field(description="What you want to do, in words, or a symbol name.")
    limit: int = Field(default=5, ge=1, le=25, description="How many results (1-25).")
    max_chars: int = Field(
        default=DEFAULT_MAX_CHARS,
        ge=MIN_MAX_CHARS,
        le=MAX_MAX_CHARS,
        description="Upper bound on the answer's size in characters; lower-ranked code snippets "
        "are cut first.",
    )
    kind: Kind | None = Field(
        default=None,
        description="Only this kind of result: class, method, function, config (render "
        "settings), cli (manim command-line flags), guide (how-tos with code), ...",
    )


class DocArgs(BaseModel):
    symbol: str = Field(description="e.g. 'Axes.plot', 'manim.MathTex', 'ValueTracker'.")


class ExamplesArgs(BaseModel):
    query: str = Field(default="", description="Words to match; empty lists a selection.")


class ExampleArgs(BaseModel):
    name: str = Field(description="Example name from list_manim_examples.")


class CodeArgs(BaseModel):
    code: str = Field(min_length=1, description="A complete scene file.")


class NoArgs(BaseModel):
    pass


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    arguments: type[BaseModel]
    returns: Any  # the result type, for the output schema
    run: Callable[[DocsService, Any], Any]


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        "search_manim_docs",
        "Search the installed Manim CE's documentation and our how-to guides. Understands task "
        "phrasing ('leave a trail behind a dot', 'zoom into part of the scene') as well as names "
        "('Axes.plot'), render settings ('fps', 'resolution') and command-line flags ('-ql'). "
        "Returns qualified symbols with signature and summary, and runnable code for the top "
        "results; follow up with get_manim_doc for details.",
        SearchArgs,
        SearchAnswer,
        lambda service, a: service.search(a.query, a.limit, a.max_chars, a.kind),
    ),
    ToolSpec(
        "get_manim_doc",
        "Full documentation of one symbol: signature, parameters with defaults, returns, bases, "
        "related symbols and example names. Tolerates case, 'manim.' prefixes and module paths; "
        "ManimGL / removed names (ShowCreation, TextMobject, get_graph) get their CE replacement.",
        DocArgs,
        str,
        lambda service, a: service.get_doc(a.symbol),
    ),
    ToolSpec(
        "list_manim_examples",
        "Runnable example scenes from the docs and guides matching the words.",
        ExamplesArgs,
        list[ExampleSummary],
        lambda service, a: service.list_examples(a.query),
    ),
    ToolSpec(
        "get_manim_example",
        "The complete code of an example scene (`from manim import *` + the Scene class).",
        ExampleArgs,
        str,
        lambda service, a: service.get_example(a.name),
    ),
    ToolSpec(
        "validate_manim_code",
        "Check Manim code without rendering: syntax errors, unsafe constructs (files, processes, "
        "eval), unknown names and keyword arguments, and ManimGL / removed API — each problem "
        "with its line, the CE replacement and a severity: an error stops the render, a warning "
        "(deprecated but working API) does not. `ok` is true when only warnings remain.",
        CodeArgs,
        CheckResult,
        lambda service, a: service.validate(a.code),
    ),
    ToolSpec(
        "manim_version",
        "The Manim CE version these docs describe, and the index size.",
        NoArgs,
        VersionInfo,
        lambda service, a: service.version(),
    ),
)


def structured(value: Any) -> dict[str, Any] | None:
    """The structured form of a tool's result (lists are wrapped, as MCP requires an object)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return {
            "result": [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
        }
    return None
