"""The documentation the docs server serves: entries for manim's API, guides and examples.

Built once per manim version (by introspection and numpydoc parsing in a child process, plus
our own guides) and cached as JSON; the server loads it once and never imports manim.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

EntryKind = Literal[
    "class", "function", "method", "property", "attribute", "constant", "config", "cli", "guide"
]


class Param(BaseModel):
    name: str
    default: str | None = Field(default=None, description="Default value as source text.")
    annotation: str | None = None
    description: str = ""


class Example(BaseModel):
    """A runnable scene from a `.. manim::` directive in a docstring, or from a guide."""

    name: str = Field(description="The scene class name, e.g. 'PlotFunctions'.")
    code: str = Field(description="A complete file: `from manim import *` and the scene class.")
    source: str = Field(description="Symbol (or guide) whose documentation holds the example.")
    summary: str = ""
    options: dict[str, str] = Field(
        default_factory=dict[str, str],
        description="The directive's options, e.g. {'save_last_frame': '', 'ref_classes': 'Axes'}.",
    )


class DocEntry(BaseModel):
    symbol: str = Field(description="Public qualified name, e.g. 'manim.Axes.plot'.")
    kind: EntryKind
    module: str = Field(
        default="", description="Defining module, e.g. 'manim.mobject.graphing.coordinate_systems'."
    )
    signature: str = Field(default="", description="e.g. 'plot(function, x_range=None, **kwargs)'.")
    summary: str = ""
    description: str = ""
    params: list[Param] = Field(default_factory=list[Param])
    returns: str = ""
    bases: list[str] = Field(default_factory=list[str])
    see_also: list[str] = Field(default_factory=list[str])
    examples: list[str] = Field(default_factory=list[str], description="Names of Example scenes.")
    body: str = Field(default="", description="Guides: the whole text (markdown).")
    aliases: list[str] = Field(
        default_factory=list[str],
        description="Other names that mean this entry, e.g. a flag's short forms ('-ql', '--fps').",
    )

    @property
    def short_name(self) -> str:
        """'Axes.plot' for 'manim.Axes.plot', 'config.frame_rate', 'cli:--fps', 'guide:timing'."""
        return self.symbol.removeprefix("manim.")


class DocsIndex(BaseModel):
    manim_version: str
    entries: list[DocEntry]
    examples: dict[str, Example] = Field(default_factory=dict[str, Example])
