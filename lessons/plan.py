"""The structured lesson plan the model writes first: scenes before any code."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.media.voices.speech import MAX_NARRATION_CHARS

MIN_SCENES = 3
MAX_SCENES = 6


class ScenePlan(BaseModel):
    """One scene of a lesson, described before its code exists."""

    title: str = Field(
        description="Short scene title shown as the chapter name, e.g. 'Right triangles'."
    )
    goal: str = Field(
        description="What the learner should understand after this scene, one sentence."
    )
    narration: str = Field(
        max_length=MAX_NARRATION_CHARS,
        description="What a narrator says during the scene, 1-3 sentences: spoken aloud over "
        "the scene and shown as its captions.",
    )
    visual: str = Field(
        description="What appears on screen and how it moves, concrete enough to write Manim code from."
    )


class LessonPlan(BaseModel):
    """A short animated lesson: an ordered list of scenes."""

    title: str = Field(description="Lesson title, e.g. 'The Pythagorean theorem'.")
    scenes: list[ScenePlan] = Field(
        min_length=MIN_SCENES,
        max_length=MAX_SCENES,
        description=f"{MIN_SCENES} to {MAX_SCENES} scenes in teaching order.",
    )
