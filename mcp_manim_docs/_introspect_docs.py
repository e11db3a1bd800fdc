"""Child-process half of the docs index: imports manim and writes a `DocsIndex` as JSON.

Run as `python -m mcp_manim_docs._introspect_docs OUT.json`; see `docs_build.build_docs_file`.
Nothing may reach stdout (a caller may speak a protocol on it), so fd 1 is pointed at stderr
before manim is imported.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import types
from typing import Any

from mcp_manim_docs._config_cli_docs import config_cli_entries
from mcp_manim_docs._doc_entries import class_entry, constant_entry, function_entry, member_entry
from mcp_manim_docs._example_registry import ExampleRegistry
from mcp_manim_docs._numpydoc import ParsedDoc, parse_docstring
from mcp_manim_docs._source_text import SourceTexts
from mcp_manim_docs.doc_model import DocEntry, DocsIndex

SKIPPED_BASES = {"object", "Generic"}


def _is_manim(obj: Any) -> bool:
    return str(getattr(obj, "__module__", "") or "").split(".", 1)[0] == "manim"


def _public_names(manim: types.ModuleType) -> list[str]:
    return getattr(manim, "__all__", None) or sorted(n for n in dir(manim) if not n.startswith("_"))


class _Builder:
    def __init__(self, manim: types.ModuleType) -> None:
        self.manim = manim
        self.texts = SourceTexts()
        self.registry = ExampleRegistry()
        self.entries: list[DocEntry] = []
        self.class_names: dict[int, str] = {}  # id(class) -> name under `manim.`
        self.members: dict[str, set[str]] = {}  # class name -> its own member names
        self.bases: dict[str, list[str]] = {}

    def build(self) -> DocsIndex:
        names = _public_names(self.manim)
        values = {n: getattr(self.manim, n) for n in names}
        classes = self._classes(values)
        for cls in sorted(classes, key=lambda c: (".opengl" in c.__module__, self._name(c))):
            self._add_class(cls)
        for name, value in values.items():
            if inspect.isclass(value) or isinstance(value, types.ModuleType):
                continue
            if callable(value):
                if _is_manim(value):
                    self._add(*function_entry(name, value, self.texts))
            else:
                self._add_constant(name, value)
        self._add_module_examples()
        self._resolve_see_also()
        self.entries.extend(config_cli_entries())
        return DocsIndex(
            manim_version=self.manim.__version__,
            entries=self.entries,
            examples=self.registry.examples,
        )

    def _classes(self, values: dict[str, Any]) -> list[type]:
        """Exported manim classes and the manim classes they derive from."""
        for name, value in values.items():
            # An alias (RGBA = ManimColor) must not rename the class.
            if (
                inspect.isclass(value)
                and _is_manim(value)
                and (id(value) not in self.class_names or name == value.__name__)
            ):
                self.class_names[id(value)] = name
        found: dict[int, type] = {}
        pending = [v for v in values.values() if inspect.isclass(v) and _is_manim(v)]
        while pending:
            cls = pending.pop()
            if id(cls) in found:
                continue
            found[id(cls)] = cls
            pending.extend(b for b in cls.__mro__[1:] if _is_manim(b))
        return list(found.values())

    def _name(self, cls: type) -> str:
        return self.class_names.get(id(cls), cls.__name__)

    def _add(self, entry: DocEntry, doc: ParsedDoc) -> None:
        fallback = f"{entry.short_name}: {entry.summary}" if entry.summary else entry.short_name
        entry.examples = [self.registry.add(s, entry.symbol, fallback) for s in doc.scenes]
        entry.see_also = doc.see_also
        self.entries.append(entry)

    def _add_class(self, cls: type) -> None:
        name = self._name(cls)
        bases = [
            self._name(b)
            for b in cls.__mro__[1:]
            if _is_manim(b) and b.__name__ not in SKIPPED_BASES
        ]
        self.bases[name] = bases
        self._add(*class_entry(f"manim.{name}", cls, bases, self.texts))
        assigned = self.texts.class_assignments(cls)
        own: set[str] = set()
        for member, value in sorted(vars(cls).items()):
            if member.startswith("_"):
                continue
            built = member_entry(f"manim.{name}", cls, member, value, self.texts, assigned)
            if built is not None:
                own.add(member)
                self._add(*built)
        self.members[name] = own

    def _add_constant(self, name: str, value: Any) -> None:
        for module in _defining_modules(name, value):
            found = self.texts.module_assignment(module, name)
            if found is not None:
                self._add(*constant_entry(name, value, module.__name__, found))
                return
        if _is_manim(type(value)):  # e.g. an instance made by a helper: still manim's own
            self._add(*constant_entry(name, value, type(value).__module__, None))

    def _add_module_examples(self) -> None:
        """Scenes in module docstrings and in what manim does not export (e.g. LayoutFunction)."""
        documented = set(self.class_names) | {id(v) for v in vars(self.manim).values()}
        for module_name, module in sorted(sys.modules.items()):
            if module_name.split(".")[0] != "manim":
                continue
            found: list[tuple[str, Any]] = [(module_name, module)]
            for name, value in _namespace(module).items():
                if (
                    (inspect.isclass(value) or inspect.isfunction(value))
                    and value.__module__ == module_name
                    and id(value) not in documented
                ):
                    found.append((f"{module_name}.{name}", value))
            for source, value in found:
                doc = value.__doc__ if isinstance(value.__doc__, str) else None
                if doc and ".. manim::" in doc:
                    parsed = parse_docstring(doc)
                    for scene in parsed.scenes:
                        self.registry.add(scene, source, parsed.summary)

    def _resolve_see_also(self) -> None:
        symbols = {e.symbol for e in self.entries}
        for entry in self.entries:
            parts = entry.symbol.split(".")
            context = parts[1] if len(parts) > 1 and parts[1] in self.bases else None
            resolved = [self._resolve(t, symbols, context) for t in entry.see_also]
            entry.see_also = list(dict.fromkeys(r for r in resolved if r != entry.symbol))

    def _resolve(self, target: str, symbols: set[str], context: str | None) -> str:
        """A See Also target as a `manim.` symbol when it names one; else as written."""
        parts = target.removeprefix("manim.").strip(".").split(".")
        tries = [parts[-2:], parts[-1:]] if len(parts) > 1 else [parts]
        for tail in tries:
            if len(tail) == 2 and (hit := self._member(tail[0], tail[1], symbols)):
                return hit
            if len(tail) == 1:
                if f"manim.{tail[0]}" in symbols:
                    return f"manim.{tail[0]}"
                if context and (hit := self._member(context, tail[0], symbols)):
                    return hit
        return target

    def _member(self, cls: str, member: str, symbols: set[str]) -> str | None:
        for owner in (cls, *self.bases.get(cls, ())):
            if member in self.members.get(owner, ()):
                return f"manim.{owner}.{member}"
        return None if f"manim.{cls}.{member}" not in symbols else f"manim.{cls}.{member}"


def _namespace(module: object) -> dict[str, Any]:
    return getattr(module, "__dict__", {})  # sys.modules may hold None for blocked imports


def _defining_modules(name: str, value: Any) -> list[types.ModuleType]:
    found = [
        m
        for n, m in sorted(sys.modules.items())
        if n.split(".")[0] == "manim" and _namespace(m).get(name) is value
    ]
    return sorted(found, key=lambda m: m.__name__ == "manim")  # the package re-exports; last


def build_docs_index() -> DocsIndex:
    logging.disable(logging.CRITICAL)
    import manim

    return _Builder(manim).build()


def main(out_path: str) -> None:
    sys.stdout.flush()
    os.dup2(2, 1)  # even C extensions writing to fd 1 end up on stderr
    index = build_docs_index()
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(index.model_dump_json(exclude_defaults=True))


if __name__ == "__main__":
    main(sys.argv[1])
