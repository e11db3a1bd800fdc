"""What the static validator reports: problems in scene code, and the outcome of a fix."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ProblemKind = Literal["syntax", "unsafe", "api"]
Severity = Literal["error", "warning"]


class Problem(BaseModel):
    """One problem in scene code, pinned to a line, with what to do about it."""

    line: int = Field(description="1-based line of the scene code where the problem is.")
    col: int = Field(default=0, description="0-based column (in characters) on that line.")
    kind: ProblemKind = Field(
        description="syntax: not valid Python; unsafe: refused for safety; api: not Manim CE API."
    )
    code: str = Field(description="Stable short id of the rule, e.g. 'removed-api'.")
    message: str = Field(description="One line saying what is wrong and where.")
    suggestion: str | None = Field(
        default=None, description="The Manim CE replacement, or what to do instead."
    )
    fixable: bool = Field(
        default=False, description="Whether `fix_code` rewrites this mechanically."
    )
    severity: Severity = Field(
        default="error",
        description="error: the code must not render as is; warning: it renders, maybe not as meant.",
    )


class CheckResult(BaseModel):
    """The outcome of `check_code`: ok iff no problem is an error (warnings may remain)."""

    ok: bool = Field(description="True when no problem is an error.")
    problems: list[Problem] = Field(
        default_factory=list[Problem], description="Problems sorted by line."
    )


class FixResult(BaseModel):
    """The outcome of `fix_code`: the rewritten code and what could not be fixed."""

    code: str = Field(description="The code after the mechanical rewrites.")
    changes: list[str] = Field(
        default_factory=list[str], description="One human-readable line per rewrite."
    )
    remaining: list[Problem] = Field(
        default_factory=list[Problem], description="Problems the rewrites did not remove."
    )
