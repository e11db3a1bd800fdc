"""Imports that live as long as the process, made with the garbage collector paused and then
frozen out of its sight.

A large import (manim, the Agents SDK) creates hundreds of thousands of objects that are never
freed, and every collection it triggers, and every full collection after it, walks them all
again. Paused, the import itself is cheaper (the Agents SDK's: 0.15-0.2 s less CPU of about
1 s); frozen, a render afterwards is too (a lesson scene's: 0.93 s instead of 1.20 s, measured
here). The collector is on again afterwards for everything else.

Standard library only: the render sandbox loads this file by path, beside its runner.
"""

from __future__ import annotations

import gc
import importlib
from types import ModuleType


def import_frozen(name: str) -> ModuleType:
    """`import name` with the collector paused, then everything alive frozen."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def freeze_survivors() -> None:
    """Collect once, then freeze everything still alive: for a server at the end of its
    start-up, whose modules, caches and clients live as long as it does. Without it, a full
    collection in the chat app's first turn walked them all: a 0.2 s pause, measured, before
    the lesson's first render."""
    gc.collect()
    gc.freeze()
