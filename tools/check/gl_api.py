"""ManimGL's public API as data: the table `gl_api_build.py` reads out of ManimGL's source.

The checker asks it which names and methods scene code took from ManimGL (`from manimlib
import *`), so a name Manim CE lacks is reported as ManimGL API, with a replacement where one
exists, rather than as a typo. Loaded once, lazily; ManimGL itself is never imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("manimgl_api.json")


@dataclass(frozen=True)
class GlApi:
    names: dict[str, str]  # what `from manimlib import *` binds -> class|function|constant|module
    imports: dict[str, str]  # star-imported stdlib / third-party name -> the import binding it
    methods: dict[str, tuple[str, ...]]  # Mobject/Animation/Scene method -> classes defining it
    sources: tuple[str, ...]  # "ref@commit" of each ManimGL release read
    # class -> (its bases, the keywords its own constructor or CONFIG reads), over all releases
    classes: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict[str, tuple[tuple[str, ...], frozenset[str]]]
    )

    def takes(self, cls: str, keyword: str) -> bool | None:
        """Whether some ManimGL release's `cls(...)` reads `keyword` (None: no such class)."""
        if cls not in self.classes:
            return None
        seen: set[str] = set()
        stack = [cls]
        while stack:
            current = stack.pop()
            if current in seen or current not in self.classes:
                continue
            seen.add(current)
            bases, keywords = self.classes[current]
            if keyword in keywords:
                return True
            stack.extend(bases)
        return False

    def descends(self, cls: str, base: str) -> bool:
        """Whether ManimGL's `cls` is `base` or derives from it, in some release."""
        seen: set[str] = set()
        stack = [cls]
        while stack:
            current = stack.pop()
            if current == base:
                return True
            if current not in seen and current in self.classes:
                seen.add(current)
                stack.extend(self.classes[current][0])
        return False

    def owner(self, method: str) -> str:
        """A ManimGL class that defines `method` (its most basic one, for messages)."""
        owners = self.methods.get(method, ())
        for basic in ("Mobject", "VMobject", "Scene", "Animation"):
            if basic in owners:
                return basic
        return owners[0] if owners else "Mobject"


@cache
def load_gl_api() -> GlApi:
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    return GlApi(
        names=data["names"],
        imports=data["imports"],
        methods={m: tuple(c) for m, c in data["methods"].items()},
        sources=tuple(f"{s['ref']}@{s['commit']}" for s in data["sources"]),
        classes={
            c: (tuple(v["bases"]), frozenset(v["keywords"])) for c, v in data["classes"].items()
        },
    )
