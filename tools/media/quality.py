"""Render quality presets: resolution and frame rate caps that scene code cannot raise.

Every clip of one preset is encoded with the same settings, so a lesson's clips concatenate by
stream copy without re-encoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QualityName = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class QualityPreset:
    name: QualityName
    width: int
    height: int
    fps: int
    manim_quality: str  # manim's own name for the preset, passed to its config


PRESETS: dict[QualityName, QualityPreset] = {
    "low": QualityPreset("low", 854, 480, 15, "low_quality"),
    "medium": QualityPreset("medium", 1280, 720, 30, "medium_quality"),
    "high": QualityPreset("high", 1920, 1080, 60, "high_quality"),
}


QUALITY_NAMES: list[QualityName] = list(PRESETS)  # for choices in menus and flags


def preset(name: QualityName) -> QualityPreset:
    return PRESETS[name]
