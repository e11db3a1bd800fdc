"""Stand-ins for the lesson tools: the real names and parameters, canned JSON, recorded calls.

They keep just enough state (scene code per version) for multi-turn conversations to be
meaningful: an edit reads the code the lesson turn wrote, and "undo" goes back a version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from agents import Tool, function_tool

from lessons.plan import LessonPlan


@dataclass
class FakeScene:
    title: str
    goal: str
    narration: str
    visual: str
    versions: list[str] = field(default_factory=list[str])  # code of version 1, 2, ...
    live: int = 0  # live version number; 0 = none rendered


@dataclass
class FakeLessonTools:
    """A lesson backend in memory. Set `fail_render` / `fail_edit` / `no_lesson` to misbehave."""

    fail_render: set[int] = field(default_factory=set[int])
    fail_edit: bool = False
    no_lesson: bool = False
    code_override: str | None = None  # what read_scene returns instead of the stored code
    calls: list[tuple[str, dict[str, Any]]] = field(
        default_factory=list[tuple[str, dict[str, Any]]]
    )
    scenes: list[FakeScene] = field(default_factory=list[FakeScene])
    title: str = ""
    # The layout audit's items of each scene's live clip (scene number -> items); an edit that
    # renders clears them, as a clean re-render would.
    layout: dict[int, list[dict[str, Any]]] = field(default_factory=dict[int, list[dict[str, Any]]])
    edit_reports_layout: bool = True  # False: edit_scene's answer has no "layout" field

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def _scene(self, number: int) -> tuple[int, FakeScene] | None:
        if number < 0:
            number = len(self.scenes) + 1 + number
        if 1 <= number <= len(self.scenes):
            return number, self.scenes[number - 1]
        return None

    def _render(self, number: int, version: int) -> dict[str, Any]:
        ok = number not in self.fail_render
        return {
            "scene": number,
            "status": "ok" if ok else "failed",
            "version": version,
            "clip": f"/clips/s{number}v{version}.mp4" if ok else None,
            "duration_s": 4.0 if ok else None,
            "error": None
            if ok
            else {"kind": "runtime", "message": "boom in construct", "line": 12, "hint": None},
            "docs": [],
            "attempts_left": 3,
        }

    def tools(self) -> list[Tool]:
        backend = self

        @function_tool
        def plan_lesson(plan: LessonPlan) -> str:
            """Plan the lesson."""
            backend.calls.append(("plan_lesson", {"plan": plan.model_dump()}))
            if backend.no_lesson:
                return json.dumps({"error": "no project is open"})
            backend.title = plan.title
            backend.scenes = [FakeScene(**s.model_dump()) for s in plan.scenes]
            scenes = [{"n": i + 1, "title": s.title} for i, s in enumerate(plan.scenes)]
            return json.dumps({"lesson": "L1", "title": plan.title, "scenes": scenes})

        @function_tool
        def write_scene_code(scene: int, code: str) -> str:
            """Save scene code."""
            backend.calls.append(("write_scene_code", {"scene": scene, "code": code}))
            found = backend._scene(scene)
            if found is None:
                return json.dumps({"error": f"no scene {scene}"})
            found[1].versions.append(code)
            version = len(found[1].versions)
            return json.dumps(
                {"scene": scene, "version": version, "status": "ok", "fixed": [], "problems": []}
            )

        @function_tool
        def render_scenes(scenes: list[int] | None) -> str:
            """Render scenes."""
            backend.calls.append(("render_scenes", {"scenes": scenes}))
            if not backend.scenes:
                return json.dumps({"error": "no lesson yet"})
            numbers = scenes or list(range(1, len(backend.scenes) + 1))
            results: list[dict[str, Any]] = []
            for number in numbers:
                scene = backend.scenes[number - 1]
                result = backend._render(number, len(scene.versions))
                if result["status"] == "ok":
                    scene.live = len(scene.versions)
                results.append(result)
            return json.dumps({"results": results, "stop": None})

        @function_tool
        def assemble_lesson() -> str:
            """Stitch the lesson."""
            backend.calls.append(("assemble_lesson", {}))
            if not backend.scenes:
                return json.dumps({"error": "no lesson yet"})
            chapters = [
                {"title": s.title, "start_s": 4.0 * i} for i, s in enumerate(backend.scenes)
            ]
            return json.dumps(
                {"export": "/exports/L1-v1.mp4", "chapters": chapters, "placeholders": []}
            )

        @function_tool
        def read_scene(scene: int) -> str:
            """Read one scene."""
            backend.calls.append(("read_scene", {"scene": scene}))
            found = backend._scene(scene)
            if found is None:
                return json.dumps({"error": "no lesson yet" if not backend.scenes else "no scene"})
            number, data = found
            code = backend.code_override or data.versions[data.live - 1]
            return json.dumps(
                {
                    "scene": number,
                    "title": data.title,
                    "goal": data.goal,
                    "narration": data.narration,
                    "visual": data.visual,
                    "version": data.live,
                    "status": "ok",
                    "code": code,
                    "error": None,
                }
            )

        @function_tool
        def edit_scene(scene: int, code: str, change: str) -> str:
            """Edit one scene and re-render it."""
            backend.calls.append(("edit_scene", {"scene": scene, "code": code, "change": change}))
            found = backend._scene(scene)
            if found is None:
                return json.dumps({"error": "no scene"})
            number, data = found
            data.versions.append(code)
            version = len(data.versions)
            ok = not backend.fail_edit
            if ok:
                data.live = version
                backend.layout.pop(number, None)
            answer: dict[str, Any] = {
                "scene": number,
                "status": "ok" if ok else "failed",
                "version": version,
                "live_version": data.live,
                "clip": f"/clips/s{number}v{version}.mp4" if ok else None,
                "error": None if ok else {"kind": "runtime", "message": "bad color"},
                "docs": [],
                "export": "/exports/L1-v2.mp4" if ok else None,
            }
            if backend.edit_reports_layout:
                answer["layout"] = [] if ok else None
            return json.dumps(answer)

        @function_tool
        def revert_scene(scene: int, version: int | None) -> str:
            """Go back to an earlier version of a scene."""
            backend.calls.append(("revert_scene", {"scene": scene, "version": version}))
            found = backend._scene(scene)
            if found is None:
                return json.dumps({"error": "no scene"})
            number, data = found
            target = version if version is not None else max(data.live - 1, 1)
            data.live = target
            return json.dumps(
                {
                    "scene": number,
                    "version": target,
                    "clip": f"/clips/s{number}v{target}.mp4",
                    "export": "/exports/L1-v3.mp4",
                }
            )

        @function_tool
        def lesson_status() -> str:
            """The lesson's state."""
            backend.calls.append(("lesson_status", {}))
            if not backend.scenes:
                return json.dumps({"error": "no lesson yet"})
            scenes = [
                {
                    "n": i + 1,
                    "title": s.title,
                    "status": "ok",
                    "version": s.live,
                    "clip": f"/clips/s{i + 1}v{s.live}.mp4",
                    "error": None,
                    "layout": backend.layout.get(i + 1, []),
                }
                for i, s in enumerate(backend.scenes)
            ]
            return json.dumps(
                {
                    "lesson": "L1",
                    "title": backend.title,
                    "export": "/exports/L1.mp4",
                    "scenes": scenes,
                }
            )

        return [
            plan_lesson,
            write_scene_code,
            render_scenes,
            assemble_lesson,
            read_scene,
            edit_scene,
            revert_scene,
            lesson_status,
        ]
