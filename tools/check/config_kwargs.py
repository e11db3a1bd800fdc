"""Keywords that set a ManimGL CONFIG entry of the scene's own mobject class.

    class Pendulum(VGroup):
        length = 2                        (a CONFIG entry, now a class attribute)
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
    Pendulum(length=3)

ManimGL's digest_config let a keyword override a CONFIG entry; Manim CE hands it on to
Mobject.__init__, which stops with "unexpected keyword argument 'length'". The fix takes such
keywords out of kwargs into attributes first, as digest_config did.

A class may call digest_config itself (`digest_config(self, kwargs)`, with `locals()` to keep
its own parameters too); the fix writes out what that call did, with the same lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from tools.check.config_entries import config_entries
from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.graph_scene_common import class_config


def find_config_keywords(ctx: CheckContext) -> list[Finding]:
    classes = {n.name: n for n in ctx.tree.body if isinstance(n, ast.ClassDef)}
    digests = _digest_calls(ctx, classes.values())
    findings = [_digest(ctx, cls, init, call) for cls, init, call in digests]
    digesting = {id(cls) for cls, _, _ in digests}  # its rewrite takes the keywords out
    passed: dict[str, list[ast.keyword]] = {}
    for node in ctx.nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            cls = classes.get(node.func.id)
            if cls is not None and not _is_scene(cls) and id(cls) not in digesting:
                attributes = _configured(ctx, cls)
                for keyword in node.keywords:
                    if keyword.arg in attributes and id(keyword) not in ctx.reported:
                        passed.setdefault(cls.name, []).append(keyword)
    for name, keywords in passed.items():
        cls = classes[name]
        keys = list(dict.fromkeys(k.arg for k in keywords if k.arg))
        edit = _taking_out(ctx, cls, keys)
        fixable = edit is not None  # one edit, made with the first keyword's finding, fixes all
        for keyword in keywords:
            problem = ctx.problem(
                keyword,
                "config-keyword",
                f"{keyword.arg}= sets {name}.{keyword.arg} the ManimGL way (digest_config); in "
                f"manim {ctx.index.version} it reaches Mobject.__init__, which refuses it",
                f"set self.{keyword.arg} from kwargs in {name}.__init__ before super().__init__",
                fixable=fixable,
            )
            fix = ReplaceText((edit,), f"{name}.__init__ takes {', '.join(keys)}") if edit else None
            findings.append(Finding(problem, fix))
            edit = None
    return findings


def _digest_calls(
    ctx: CheckContext, classes: Iterable[ast.ClassDef]
) -> list[tuple[ast.ClassDef, ast.FunctionDef, ast.Call]]:
    """`digest_config(self, kwargs[, locals()])` statements in the classes' __init__."""
    if ctx.bindings.manim_name("digest_config") != "digest_config":
        return []
    found: list[tuple[ast.ClassDef, ast.FunctionDef, ast.Call]] = []
    for cls in classes:
        for init in (
            s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"
        ):
            for statement in init.body:
                call = statement.value if isinstance(statement, ast.Expr) else None
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == "digest_config"
                ):
                    found.append((cls, init, call))
    return found


def _digest(ctx: CheckContext, cls: ast.ClassDef, init: ast.FunctionDef, call: ast.Call) -> Finding:
    lines = _digest_lines(ctx, cls, init, call)
    problem = ctx.problem(
        call.func,
        "gl-digest-config",
        f"digest_config is ManimGL's: it made {cls.name}'s keywords attributes; manim "
        f"{ctx.index.version} has no digest_config, and hands unknown keywords on to "
        "Mobject.__init__, which refuses them",
        'set each attribute from kwargs yourself: if "k" in kwargs: self.k = kwargs.pop("k")',
        fixable=lines is not None,
    )
    if lines is None:
        return Finding(problem)
    edit = (ctx.source.start(call), ctx.source.end(call), lines)
    return Finding(problem, ReplaceText((edit,), f"digest_config(...) in {cls.name} written out"))


def _digest_lines(
    ctx: CheckContext, cls: ast.ClassDef, init: ast.FunctionDef, call: ast.Call
) -> str | None:
    """What the call did, as statements; None for a call shape or class it cannot tell."""
    arguments = init.args
    own = [a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]]
    kwargs = arguments.kwarg.arg if arguments.kwarg else None
    names = [a.id if isinstance(a, ast.Name) else None for a in call.args[:2]]
    keeps_locals = len(call.args) == 3 and ast.unparse(call.args[2]) == "locals()"
    if (
        call.keywords
        or len(call.args) != 2 + keeps_locals
        or not own
        or names != [own[0], kwargs]
        or not ctx.index.is_exported(_base(cls))
    ):
        return None
    indent = " " * call.col_offset
    keys = sorted(_configured(ctx, cls))
    lines = _take_out_lines(indent, keys, kwargs or "kwargs") if keys else [f"{indent}pass"]
    if keeps_locals:  # ManimGL's digest_config(self, kwargs, locals()) kept the parameters too
        lines += [f"{indent}self.{name} = {name}" for name in own[1:]]
    return "\n".join(lines).lstrip()


def _base(cls: ast.ClassDef) -> str:
    """The class's one base, by name ("" for several, or an expression)."""
    if len(cls.bases) == 1 and isinstance(base := cls.bases[0], ast.Name):
        return base.id
    return ""


def _is_scene(cls: ast.ClassDef) -> bool:
    return any(isinstance(b, ast.Name) and b.id.endswith("Scene") for b in cls.bases)


def _configured(ctx: CheckContext, cls: ast.ClassDef) -> set[str]:
    """Names a keyword would set on `cls` the digest_config way: its class attributes and
    CONFIG keys, less what its own __init__ or its manim base takes or reads itself."""
    base = _base(cls)
    if not ctx.index.is_exported(base):
        return set()  # a base of the user's own, or unknown: it may take anything
    names = {
        t.id
        for statement in cls.body
        if isinstance(statement, ast.Assign)
        for t in statement.targets
        if isinstance(t, ast.Name)
    }
    config = class_config(cls)
    if config is not None:
        names.update(e.key for e in config_entries(ctx, config) or [])
    taken = set(ctx.index.init_param_names(base))
    for init in (s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"):
        arguments = init.args
        taken.update(
            a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        )
        taken.update(  # read out of kwargs by name: kwargs.pop("key"), kwargs["key"]
            n.value
            for n in ast.walk(init)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        )
    return names - taken - {"CONFIG"}


def _taking_out(ctx: CheckContext, cls: ast.ClassDef, keys: list[str]) -> TextEdit | None:
    """Lines that move `keys` out of kwargs into attributes, before `super().__init__(**kwargs)`
    (or a new __init__ doing just that); None when __init__ has another shape."""
    inits = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"]
    if not inits:
        last = cls.body[-1]
        indent = " " * last.col_offset
        lines = [
            "",
            f"{indent}def __init__(self, **kwargs):",
            *_take_out_lines(indent + "    ", keys),
            f"{indent}    super().__init__(**kwargs)",
        ]
        at = ctx.source.end(last)
        return (at, at, "\n".join(lines))
    init = inits[0]
    kwargs = init.args.kwarg.arg if init.args.kwarg else None
    calls = [s for s in init.body if kwargs and _super_init_with(s, kwargs)]
    if not calls:
        return None
    call = calls[0]
    indent = " " * call.col_offset
    start = ctx.source.start(call)
    code = "\n".join(_take_out_lines(indent, keys, kwargs or "kwargs")).lstrip() + "\n" + indent
    return (start, start, code)


def _take_out_lines(indent: str, keys: list[str], kwargs: str = "kwargs") -> list[str]:
    lines = [f"{indent}# ManimGL's digest_config: a keyword beats the class's own value"]
    for key in keys:  # written out: scene code may not call setattr
        lines += [
            f'{indent}if "{key}" in {kwargs}:',
            f'{indent}    self.{key} = {kwargs}.pop("{key}")',
        ]
    return lines


def _super_init_with(statement: ast.stmt, kwargs: str) -> bool:
    """`super().__init__(..., **kwargs)` as a statement."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return False
    call = statement.value
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
        and any(
            k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kwargs
            for k in call.keywords
        )
    )
