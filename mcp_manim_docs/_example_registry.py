"""Collect `.. manim::` scenes as uniquely named, runnable `Example`s."""

from __future__ import annotations

import re

from mcp_manim_docs._numpydoc import SceneBlock
from mcp_manim_docs.doc_model import Example

IMPORT_LINE = "from manim import *"


class ExampleRegistry:
    """Names stay unique; an identical scene met again (inherited docstrings, OpenGL twins)
    keeps its first name instead of becoming a duplicate."""

    def __init__(self) -> None:
        self.examples: dict[str, Example] = {}
        self._seen: dict[tuple[str, str], str] = {}

    def add(self, block: SceneBlock, source: str, fallback_summary: str) -> str:
        key = (block.name, block.code)
        if key in self._seen:
            return self._seen[key]
        name = block.name
        code = block.code
        n = 2
        while name in self.examples:
            name = f"{block.name}{n}"
            n += 1
        if name != block.name:  # the scene to render must carry the example's name
            code = re.sub(rf"\bclass\s+{block.name}\b", f"class {name}", code)
            code = re.sub(rf"\bsuper\(\s*{block.name}\b", f"super({name}", code)
        if IMPORT_LINE not in code:
            code = f"{IMPORT_LINE}\n\n{code}"
        options = dict(block.options)
        self.examples[name] = Example(
            name=name,
            code=code + "\n",
            source=source,
            summary=block.lead or fallback_summary,
            options=options,
        )
        self._seen[key] = name
        return name
