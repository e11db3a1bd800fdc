"""Child-process half of the API index: imports manim and dumps what it exports as JSON.

Run as `python -m tools.check._introspect OUT.json`; see `api_index.build_index_file`.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import sys
import types
from pathlib import Path
from typing import Any

from tools.check._kwargs_flow import kwargs_flow

INIT_OWNERS_TO_SKIP = {"object", "Generic"}
SELF_ASSIGNMENT = re.compile(r"\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)")


def _params(func: Any) -> dict[str, Any] | None:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    params = [
        p.name
        for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"
    ]
    kinds = {p.kind for p in sig.parameters.values()}
    var_kw = next((p.name for p in sig.parameters.values() if p.kind is p.VAR_KEYWORD), None)
    read, escapes = kwargs_flow(func, var_kw) if var_kw else ([], False)
    return {
        "params": params,
        "var_kw": var_kw is not None,
        "var_pos": inspect.Parameter.VAR_POSITIONAL in kinds,
        "kwargs_read": read,
        "kwargs_escape": escapes,
    }


def _class_entry(cls: type, exported: dict[int, str]) -> dict[str, Any]:
    own = vars(cls)
    methods: dict[str, Any] = {}
    attributes: list[str] = []
    for name, value in own.items():
        raw = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
        if inspect.isfunction(raw):
            params = _params(raw)
            if params is not None and name != "__init__":
                methods[name] = params
        else:
            attributes.append(name)
    init = _params(own["__init__"]) if "__init__" in own else None
    mro = [exported.get(id(base), base.__name__) for base in cls.__mro__[1:]]
    return {
        "module": cls.__module__,
        "bases": [n for n in mro if n not in INIT_OWNERS_TO_SKIP],
        "init": init,
        "methods": methods,
        "attributes": sorted(attributes),
    }


def introspect() -> dict[str, Any]:
    logging.disable(logging.CRITICAL)
    import manim

    names: dict[str, str] = {}
    classes: dict[str, Any] = {}
    functions: dict[str, Any] = {}
    public = getattr(manim, "__all__", None) or [n for n in dir(manim) if not n.startswith("_")]
    exported = {id(getattr(manim, n)): n for n in public if inspect.isclass(getattr(manim, n))}
    pending: list[type] = []
    for name in public:
        value = getattr(manim, name)
        if inspect.isclass(value):
            names[name] = "class"
            pending.append(value)
        elif isinstance(value, types.ModuleType):
            names[name] = "module"
        elif callable(value):
            names[name] = "function"
            params = _params(value)
            if params is not None:
                functions[name] = params
        else:
            names[name] = "constant"
    # Bases that manim does not export (e.g. OpenGL twins) still carry methods: index them too.
    seen: set[int] = set()
    while pending:
        cls = pending.pop()
        if id(cls) in seen or cls.__name__ in INIT_OWNERS_TO_SKIP:
            continue
        seen.add(id(cls))
        key = exported.get(id(cls), cls.__name__)
        if key not in classes:
            classes[key] = _class_entry(cls, exported)
        pending.extend(b for b in cls.__mro__[1:] if b is not object)
    return {
        "version": manim.__version__,
        "names": names,
        "classes": classes,
        "functions": functions,
        "instance_attributes": _instance_attributes(Path(manim.__file__).parent),
    }


def _instance_attributes(package: Path) -> list[str]:
    """Names manim's own code assigns as `self.name = ...`: attributes no class body shows."""
    found: set[str] = set()
    for path in package.rglob("*.py"):
        found.update(SELF_ASSIGNMENT.findall(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(found)


if __name__ == "__main__":
    data = introspect()
    with open(sys.argv[1], "w") as out:
        json.dump(data, out)
