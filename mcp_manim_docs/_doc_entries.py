"""Build `DocEntry`s from live manim objects (runs only in the introspection child process)."""

from __future__ import annotations

import enum
import functools
import inspect
from typing import Any

from mcp_manim_docs._numpydoc import ParsedDoc, parse_docstring
from mcp_manim_docs._rst_text import one_line
from mcp_manim_docs._source_text import Assigned, SourceTexts
from mcp_manim_docs.doc_model import DocEntry, EntryKind, Param

P = inspect.Parameter
DEPRECATION_MARK = ".. attention:: Deprecated"


def annotation_text(annotation: Any) -> str | None:
    if annotation is P.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def signature_params(
    name: str, obj: Any, source_of: Any, texts: SourceTexts, *, drop_first: bool
) -> tuple[str, list[Param]]:
    """`name(a, b=1, *, c=None, **kwargs)` and the parameters, defaults as source text."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "", []
    params = list(sig.parameters.values())
    if drop_first and params and params[0].kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD):
        params = params[1:]
    source = texts.param_texts(source_of) if source_of is not None else {}
    parts: list[str] = []
    found: list[Param] = []
    star_done = False
    for i, p in enumerate(params):
        default_src, annotation_src = source.get(p.name, (None, None))
        default = None
        if p.default is not P.empty:
            default = default_src or one_line(repr(p.default), 160)
        shown = {P.VAR_POSITIONAL: f"*{p.name}", P.VAR_KEYWORD: f"**{p.name}"}.get(p.kind, p.name)
        if p.kind is P.VAR_POSITIONAL:
            star_done = True
        if p.kind is P.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        parts.append(shown if default is None else f"{shown}={default}")
        if p.kind is P.POSITIONAL_ONLY and (
            i + 1 == len(params) or params[i + 1].kind is not P.POSITIONAL_ONLY
        ):
            parts.append("/")
        found.append(
            Param(
                name=shown,
                default=default,
                annotation=annotation_src or annotation_text(p.annotation),
            )
        )
    return f"{name}({', '.join(parts)})", found


def attach_descriptions(params: list[Param], described: dict[str, str]) -> list[Param]:
    """Docstring descriptions onto signature parameters; documented extras are appended."""
    by_name = {p.name.lstrip("*"): p for p in params}
    for name, text in described.items():
        if name in by_name:
            by_name[name].description = text
        else:
            params.append(Param(name=name, description=text))
    return params


def from_doc(
    symbol: str, kind: EntryKind, module: str, doc: ParsedDoc, raw: str | None
) -> DocEntry:
    summary = doc.summary
    if raw and DEPRECATION_MARK in raw:
        summary = f"(Deprecated) {summary}"
    return DocEntry(
        symbol=symbol,
        kind=kind,
        module=module,
        summary=summary,
        description=doc.description,
        returns=doc.returns,
    )


def class_entry(
    symbol: str, cls: type, bases: list[str], texts: SourceTexts
) -> tuple[DocEntry, ParsedDoc]:
    raw = cls.__dict__.get("__doc__")
    init = next((c.__dict__["__init__"] for c in cls.__mro__ if "__init__" in c.__dict__), None)
    doc = parse_docstring(raw)
    own_init = cls.__dict__.get("__init__")
    init_doc = parse_docstring(getattr(own_init, "__doc__", None)) if own_init else ParsedDoc()
    if not doc.summary:
        doc.summary, doc.description = init_doc.summary, init_doc.description
    doc.params = {**init_doc.params, **doc.params}
    doc.scenes.extend(init_doc.scenes)
    entry = from_doc(symbol, "class", cls.__module__, doc, raw)
    source = init if inspect.isfunction(init) and init is not object.__init__ else None
    signature, params = signature_params(cls.__name__, cls, source, texts, drop_first=False)
    entry.signature = signature
    entry.params = attach_descriptions(params, doc.params)
    entry.bases = bases
    return entry, doc


def inherited_doc(cls: type, name: str, own: Any) -> str | None:
    """The member's docstring, or an overridden one's: overrides rarely repeat the text."""
    doc = getattr(own, "__doc__", None)
    if doc:
        return doc
    for base in cls.__mro__[1:]:
        if base is object:
            break
        value = base.__dict__.get(name)
        value = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
        if value is not None and getattr(value, "__doc__", None):
            return value.__doc__
    return None


def member_entry(
    class_symbol: str,
    cls: type,
    name: str,
    value: Any,
    texts: SourceTexts,
    assigned: dict[str, Assigned],
) -> tuple[DocEntry, ParsedDoc] | None:
    """A public method, property or documented attribute defined on `cls` itself."""
    symbol = f"{class_symbol}.{name}"
    if isinstance(value, property | functools.cached_property):
        getter = value.fget if isinstance(value, property) else value.func
        raw = inherited_doc(cls, name, getter)
        doc = parse_docstring(raw)
        entry = from_doc(symbol, "property", cls.__module__, doc, raw)
        if not entry.returns and getter is not None:
            ret = _return_annotation(getter)
            entry.returns = f"`{ret}`" if ret else ""
        return entry, doc
    if isinstance(value, classmethod | staticmethod) or inspect.isfunction(value):
        func = getattr(value, "__func__", value)
        if not inspect.isfunction(func):
            return None
        raw = inherited_doc(cls, name, func)
        doc = parse_docstring(raw)
        entry = from_doc(symbol, "method", cls.__module__, doc, raw)
        drop = not isinstance(value, staticmethod)
        entry.signature, params = signature_params(name, func, func, texts, drop_first=drop)
        entry.params = attach_descriptions(params, doc.params)
        return entry, doc
    if isinstance(value, enum.Enum):
        return DocEntry(
            symbol=symbol, kind="attribute", module=cls.__module__, summary=f"`{value!r}`"
        ), ParsedDoc()
    found = assigned.get(name)
    if found is not None and found.doc:  # only attributes the source documents
        doc = parse_docstring(found.doc)
        entry = from_doc(symbol, "attribute", cls.__module__, doc, found.doc)
        entry.description = _with_value(entry.description, found, value)
        return entry, doc
    return None


def function_entry(name: str, func: Any, texts: SourceTexts) -> tuple[DocEntry, ParsedDoc]:
    raw = getattr(func, "__doc__", None)
    doc = parse_docstring(raw)
    entry = from_doc(f"manim.{name}", "function", func.__module__, doc, raw)
    source = func if inspect.isfunction(inspect.unwrap(func)) else None
    entry.signature, params = signature_params(name, func, source, texts, drop_first=False)
    entry.params = attach_descriptions(params, doc.params)
    if not entry.returns:
        ret = _return_annotation(func)
        entry.returns = f"`{ret}`" if ret else ""
    return entry, doc


def constant_entry(
    name: str, value: Any, module: str, found: Assigned | None
) -> tuple[DocEntry, ParsedDoc]:
    raw = found.doc if found is not None else None
    doc = parse_docstring(raw)
    entry = from_doc(f"manim.{name}", "constant", module, doc, raw)
    shown = found.value if found is not None and found.value else one_line(repr(value), 160)
    if not entry.summary:
        entry.summary = one_line(f"{name} = {shown}", 200)
    entry.description = _with_value(entry.description, found, value)
    return entry, doc


def _with_value(description: str, found: Assigned | None, value: Any) -> str:
    shown = found.value if found is not None and found.value else one_line(repr(value), 160)
    kind = (found.annotation if found is not None else None) or type(value).__name__
    line = f"Value: `{shown}` (type `{kind}`)."
    return f"{description}\n\n{line}" if description else line


def _return_annotation(func: Any) -> str | None:
    try:
        text = annotation_text(inspect.signature(func).return_annotation)
    except (TypeError, ValueError):
        return None
    return None if text in (None, "None") else text
