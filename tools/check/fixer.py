"""Mechanical rewrites of removed / ManimGL API into Manim CE, as text edits at AST positions.

Edits keep the rest of the file byte for byte. Each pass applies the non-overlapping fixes,
re-parses and looks again, so nested fixes land in later passes; a pass that would break the
syntax is dropped. Fixing fixed code changes nothing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tools.check.api_check import find_api_issues
from tools.check.api_index import ApiIndex
from tools.check.checks import check_code, parse_scene
from tools.check.findings import (
    Finding,
    FoldRange,
    PlayMethods,
    PositionalToKeyword,
    RebaseScene,
    RenameImportedName,
    RenameKeyword,
    RenameMethod,
    RenameName,
    ReplaceImport,
    ReplaceText,
    SelfFrame,
)
from tools.check.gl_migrations import OPPOSITE_DIRECTIONS, CallReshape
from tools.check.problems import FixResult, Problem
from tools.check.source import Source

MAX_PASSES = 8
DEFAULT_FONT_SIZE = 48  # manim's DEFAULT_FONT_SIZE: old `size=1` meant this many points
FONT_SCALE_LIMIT = 10  # sizes up to this are scale factors; bigger ones are already points


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


class _Unfixable(Exception):
    """The fix does not fit this particular call's shape; leave it to the user."""


def fix_code(code: str, index: ApiIndex) -> FixResult:
    """Rewrite the mechanical API problems; report the changes and what is left."""
    changes: list[str] = []
    for _ in range(MAX_PASSES):
        tree = parse_scene(code)
        if isinstance(tree, Problem):
            break
        source = Source(code)
        planned: list[Edit] = []
        described: list[str] = []
        findings = find_api_issues(tree, source, index)
        # The ManimGL import goes last: until every other fix has landed, the rules must still
        # see ManimGL code (its `Tex` is math mode).
        last = _with_gl_import(findings)
        clashed = False
        for finding in [f for f in findings if f not in last]:
            clashed = not _plan(finding, source, planned, described) or clashed
        first: list[str] = []  # reported first, as they stand at the top of the file
        for finding in last if not clashed else []:
            _plan(finding, source, planned, first)
        described = first + described
        if not planned:
            break
        fixed = _apply(code, planned)
        if isinstance(parse_scene(fixed), Problem) or fixed == code:
            break  # never trade an API problem for a syntax error
        code = fixed
        changes.extend(described)
    return FixResult(code=code, changes=changes, remaining=check_code(code, index).problems)


def _with_gl_import(findings: list[Finding]) -> list[Finding]:
    """The ManimGL import's replacement, and the renames that write CE's text-mode `Tex`
    (`TexText` -> `Tex`): while the file still imports ManimGL, a later pass would read that
    `Tex` as ManimGL's math mode and turn it into `MathTex`, so they land in one pass."""
    imports = [f for f in findings if isinstance(f.fix, ReplaceImport)]
    if not imports:
        return []
    text_tex = [
        f for f in findings if isinstance(f.fix, RenameName) and f.fix.migration.new == "Tex"
    ]
    return imports + text_tex


def _plan(finding: Finding, source: Source, planned: list[Edit], described: list[str]) -> bool:
    """Add the finding's edits unless they clash with planned ones; False on a clash."""
    try:
        edits = _edits(finding, source)
    except _Unfixable:
        return True
    if any(_overlaps(e, p) for e in edits for p in planned):
        return False
    if edits:
        planned.extend(edits)
        described.append(f"line {finding.problem.line}: {_describe(finding, source)}")
    return True


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions only clash strictly inside a span
        return b.start < a.start < b.end or a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _apply(code: str, edits: list[Edit]) -> str:
    # Right to left, so earlier offsets stay valid; stable for insertions at the same point.
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        code = code[: edit.start] + edit.text + code[edit.end :]
    return code


def _edits(finding: Finding, src: Source) -> list[Edit]:
    fix = finding.fix
    if fix is None:
        return []
    if isinstance(fix, RenameName):
        template = fix.migration.template
        if template is not None:
            if fix.call is None:
                raise _Unfixable
            given = [src.text(a) for a in fix.call.args]
            text = template.format(*given, *fix.migration.template_defaults[len(given) - 1 :])
            return [Edit(src.start(fix.call), src.end(fix.call), text)]
        edits = [Edit(src.start(fix.node), src.end(fix.node), fix.migration.new)]
        if fix.call is not None:
            edits.extend(_reshape(fix.call, fix.migration.reshape, src))
        return edits
    if isinstance(fix, RenameImportedName):
        start = src.start(fix.alias)
        return [Edit(start, _expect(src, start, fix.alias.name), fix.new)]
    if isinstance(fix, RenameMethod):
        node, call, migration = fix.node, fix.call, fix.migration
        start = src.end(node) - len(node.attr)
        _expect(src, start, node.attr)
        if migration.to_attribute:
            if call is None:
                raise _Unfixable
            return [Edit(start, src.end(call), migration.new)]
        edits = [Edit(start, src.end(node), migration.new)]
        if call is not None:
            edits.extend(_reshape(call, migration.reshape, src))
        return edits
    if isinstance(fix, FoldRange):
        return _fold_range(fix, src)
    if isinstance(fix, RenameKeyword):
        return _rename_keyword(fix, src)
    if isinstance(fix, PositionalToKeyword):
        return [Edit(src.start(fix.arg), src.end(fix.arg), f"{fix.keyword}={src.text(fix.arg)}")]
    if isinstance(fix, ReplaceImport):
        return [Edit(src.start(fix.node), src.end(fix.node), "from manim import *")]
    if isinstance(fix, PlayMethods):
        return [_play_group_edit(group.method, group.args, src) for group in fix.groups]
    if isinstance(fix, RebaseScene):
        return [Edit(src.start(fix.base), src.end(fix.base), "MovingCameraScene")]
    if isinstance(fix, ReplaceText):
        return [Edit(start, end, text) for start, end, text in fix.edits]
    frame: SelfFrame = fix  # the last kind left: pyright proves the dispatch exhaustive
    return [Edit(src.start(frame.node), src.end(frame.node), "self.camera.frame")]


def _expect(src: Source, start: int, text: str) -> int:
    """End offset of `text` at `start`; unfixable when the source says something else."""
    end = start + len(text)
    if src.code[start:end] != text:
        raise _Unfixable
    return end


def _negated(node: ast.expr, src: Source) -> str:
    text = src.text(node)
    if text in OPPOSITE_DIRECTIONS:
        return OPPOSITE_DIRECTIONS[text]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return src.text(node.operand)
    if isinstance(node, ast.Name | ast.Attribute | ast.Constant | ast.Call | ast.Subscript):
        return f"-{text}"
    return f"-({text})"


def _reshape(call: ast.Call, reshape: CallReshape, src: Source) -> list[Edit]:
    edits: list[Edit] = []
    present = {k.arg for k in call.keywords if k.arg}
    for index, keyword in reshape.positional_to_keyword:
        if index >= len(call.args):
            continue
        # Only the last positional argument can become a keyword without reordering.
        if index != len(call.args) - 1 or isinstance(call.args[index], ast.Starred):
            raise _Unfixable
        if keyword in present:
            raise _Unfixable
        arg = call.args[index]
        value = _negated(arg, src) if keyword in reshape.negate else src.text(arg)
        edits.append(Edit(src.start(arg), src.end(arg), f"{keyword}={value}"))
        present.add(keyword)
    for old, new in reshape.keyword_renames:
        found = next((k for k in call.keywords if k.arg == old), None)
        if found is None:
            continue
        if new in present:
            raise _Unfixable
        value = _negated(found.value, src) if new in reshape.negate else src.text(found.value)
        edits.append(Edit(src.start(found), src.end(found), f"{new}={value}"))
        present.add(new)
    arguments = [*call.args, *call.keywords]
    for keyword, default in reshape.add_keywords:
        if keyword in present:
            continue
        if arguments:
            at = max(src.end(a) for a in arguments)
            edits.append(Edit(at, at, f", {keyword}={default}"))
        else:
            at = src.end(call) - 1
            if src.code[at] != ")":
                raise _Unfixable
            edits.append(Edit(at, at, f"{keyword}={default}"))
        present.add(keyword)
    return edits


def _fold_range(fix: FoldRange, src: Source) -> list[Edit]:
    bounds = [fix.low] if fix.radius else [fix.low, fix.high]
    parts = bounds + ([fix.step] if fix.step is not None else [])
    values = ", ".join(src.text(k.value) for k in parts)
    if fix.radius:
        radius = src.text(fix.low.value)
        plain = isinstance(fix.low.value, ast.Constant | ast.Name | ast.Attribute)
        values = f"-{radius if plain else f'({radius})'}, {values}"
    ordered = sorted([*fix.call.args, *fix.call.keywords], key=lambda n: (n.lineno, n.col_offset))
    first = min(parts, key=ordered.index)
    edits = [Edit(src.start(first), src.end(first), f"{fix.migration.target}=[{values}]")]
    for keyword in parts:
        if keyword is first:
            continue
        previous = ordered[ordered.index(keyword) - 1]  # `first` precedes it, so one exists
        edits.append(Edit(src.end(previous), src.end(keyword), ""))
    return edits


def _rename_keyword(fix: RenameKeyword, src: Source) -> list[Edit]:
    keyword, migration = fix.keyword, fix.migration
    value = keyword.value
    if (
        migration.scale_font_size
        and isinstance(value, ast.Constant)
        and isinstance(value.value, int | float)
        and not isinstance(value.value, bool)
        and 0 < value.value <= FONT_SCALE_LIMIT
    ):
        points = round(value.value * DEFAULT_FONT_SIZE)
        return [Edit(src.start(keyword), src.end(keyword), f"{migration.new}={points}")]
    start = src.start(keyword)
    return [Edit(start, _expect(src, start, migration.old), migration.new)]


def _play_group_edit(method: ast.Attribute, args: tuple[ast.expr, ...], src: Source) -> Edit:
    receiver = src.text(method.value)
    arguments = ", ".join(src.text(a) for a in args)
    end = src.end(args[-1]) if args else src.end(method)
    return Edit(src.start(method), end, f"{receiver}.animate.{method.attr}({arguments})")


def _describe(finding: Finding, src: Source) -> str:
    fix = finding.fix
    if isinstance(fix, RenameName):
        return f"{fix.migration.old} → {fix.migration.new}"
    if isinstance(fix, RenameImportedName):
        return f"import {fix.alias.name} → import {fix.new}"
    if isinstance(fix, RenameMethod):
        new = fix.migration.new if fix.migration.to_attribute else f"{fix.migration.new}()"
        return f".{fix.migration.old}() → .{new}"
    if isinstance(fix, FoldRange):
        names = "/".join(dict.fromkeys(k.arg or "" for k in (fix.low, fix.high, fix.step) if k))
        return f"{names} → {fix.migration.target}=[...]"
    if isinstance(fix, RenameKeyword):
        return f"{fix.migration.old}= → {fix.migration.new}="
    if isinstance(fix, PositionalToKeyword):
        return f"{src.text(fix.arg)} → {fix.keyword}={src.text(fix.arg)}"
    if isinstance(fix, ReplaceImport):
        return f"{src.text(fix.node)} → from manim import *"
    if isinstance(fix, PlayMethods):
        group = fix.groups[0]
        receiver = src.text(group.method.value)
        return f"play({receiver}.{group.method.attr}, ...) → play({receiver}.animate.{group.method.attr}(...))"
    if isinstance(fix, RebaseScene):
        return "base class Scene → MovingCameraScene (for self.camera.frame)"
    if isinstance(fix, ReplaceText):
        return fix.description
    assert isinstance(fix, SelfFrame)
    return f"self.{fix.node.attr} → self.camera.frame"
