"""Keywords that set a ManimGL CONFIG entry of the scene's own mobject class.

    class Pendulum(VGroup):
        length = 2                        (a CONFIG entry, now a class attribute)
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
    Pendulum(length=3)

ManimGL's digest_config let a keyword override a CONFIG entry; Manim CE hands it on to
Mobject.__init__, which stops with "unexpected keyword argument 'length'". The fix takes such
keywords out of kwargs into attributes first, as digest_config did.
"""

from __future__ import annotations

import ast

from tools.check.config_entries import config_entries
from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.graph_scene_common import class_config


def find_config_keywords(ctx: CheckContext) -> list[Finding]:
    classes = {n.name: n for n in ctx.tree.body if isinstance(n, ast.ClassDef)}
    passed: dict[str, list[ast.keyword]] = {}
    for node in ctx.nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            cls = classes.get(node.func.id)
            if cls is not None and not _is_scene(cls):
                attributes = _configured(ctx, cls)
                for keyword in node.keywords:
                    if keyword.arg in attributes and id(keyword) not in ctx.reported:
                        passed.setdefault(cls.name, []).append(keyword)
    findings: list[Finding] = []
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


def _is_scene(cls: ast.ClassDef) -> bool:
    return any(isinstance(b, ast.Name) and b.id.endswith("Scene") for b in cls.bases)


def _configured(ctx: CheckContext, cls: ast.ClassDef) -> set[str]:
    """Names a keyword would set on `cls` the digest_config way: its class attributes and
    CONFIG keys, less what its own __init__ or its manim base takes or reads itself."""
    if len(cls.bases) != 1 or not isinstance(cls.bases[0], ast.Name):
        return set()
    base = cls.bases[0].id
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
