"""ManimGL-only names and methods (in `manimgl_api.json`, not in Manim CE) that have a CE
replacement. `gl_migrations` folds them into its NAMES and METHODS tables; ManimGL API with no
CE counterpart is reported by `gl_check` with the advice in NO_EQUIVALENT (or a plain "rewrite").
"""

from __future__ import annotations

from typing import NamedTuple


class Rename(NamedTuple):
    old: str
    new: str  # replacement source text; for unfixable entries, the closest CE API
    suggestion: str
    fixable: bool = True
    to_attribute: bool = False  # `cam.get_frame_center()` becomes `cam.frame_center`


_R = Rename


def _words(text: str) -> list[str]:
    return text.split()


_TEX_PARTS = (
    "{0}(t) on a Tex/MathTex, with the substring isolated: "
    "MathTex(..., substrings_to_isolate=[t]); a Text has none: color it with Text(..., t2c={{t: RED}})"
)

# fmt: off
GL_NAMES: tuple[Rename, ...] = (
    _R("X_COLOR", "GREEN_C", "GREEN_C (ManimGL's X_COLOR)"),
    _R("Y_COLOR", "RED_C", "RED_C (ManimGL's Y_COLOR)"),
    _R("Z_COLOR", "BLUE_D", "BLUE_D (ManimGL's Z_COLOR)"),
    _R("ASPECT_RATIO", "config.aspect_ratio", "config.aspect_ratio"),
    _R("DEFAULT_PIXEL_WIDTH", "config.pixel_width", "config.pixel_width"),
    _R("DEFAULT_PIXEL_HEIGHT", "config.pixel_height", "config.pixel_height"),
    _R("DEFAULT_FRAME_RATE", "config.frame_rate", "config.frame_rate"),
    _R("FRAME_SHAPE", "(config.frame_width, config.frame_height)", "(config.frame_width, config.frame_height)"),
    _R("DEFAULT_MOBJECT_TO_EDGE_BUFF", "DEFAULT_MOBJECT_TO_EDGE_BUFFER", "DEFAULT_MOBJECT_TO_EDGE_BUFFER"),
    _R("DEFAULT_MOBJECT_TO_MOBJECT_BUFF", "DEFAULT_MOBJECT_TO_MOBJECT_BUFFER", "DEFAULT_MOBJECT_TO_MOBJECT_BUFFER"),
    _R("RADIANS", "1", "1 (angles are in radians)"),
    _R("manim_config", "config", "config (Manim CE's settings object)", fixable=False),
    _R("MTex", "MathTex", 'MathTex(r"x^2")'),
    _R("MTexText", "Tex", 'Tex("text")'),
    _R("SingleStringTex", "SingleStringMathTex", 'SingleStringMathTex(r"x^2")'),
    _R("SingleStringTexMobject", "SingleStringMathTex", 'SingleStringMathTex(r"x^2")'),
    _R("TexMatrix", "Matrix", "Matrix([[...], [...]])"),
    _R("TransformMatchingParts", "TransformMatchingShapes", "TransformMatchingShapes(a, b)"),
    _R("StrokeArrow", "Arrow", "Arrow(start, end)"),
    _R("FillArrow", "Arrow", "Arrow(start, end)"),
    _R("VCube", "Cube", "Cube()"),
    _R("VPrism", "Prism", "Prism(dimensions=[w, h, d])"),
    _R("VGroup3D", "VGroup", "VGroup(*mobjects)"),
    _R("SGroup", "Group", "Group(*mobjects)"),
    _R("LineBrace", "Brace", "Brace(line, direction)", fixable=False),
    _R("Color", "ManimColor", 'ManimColor("#FF0000") (or a color constant such as RED)', fixable=False),
    _R("angle_between", "angle_between_vectors", "angle_between_vectors(v1, v2)"),
    _R("get_submobject_index_labels", "index_labels", "index_labels(mob)"),
    _R("hex2rgb", "hex_to_rgb", "hex_to_rgb(hex_code)"),
    _R("rgb2hex", "rgb_to_hex", "rgb_to_hex(rgb)"),
    _R("gen_choose", "choose", "choose(n, k)"),
    _R("choose_using_cache", "choose", "choose(n, k)"),
    _R("cross", "np.cross", "np.cross(v1, v2)"),
    _R("get_dist", "np.linalg.norm", "np.linalg.norm(p1 - p2)", fixable=False),
    _R("fdiv", "np.divide", "np.divide(a, b) (or a / b)", fixable=False),
    _R("color_to_hex", "ManimColor", "ManimColor(color).to_hex()", fixable=False),
    _R("interpolate_color_by_hsl", "interpolate_color", "interpolate_color(c1, c2, alpha)", fixable=False),
)

GL_METHODS: tuple[Rename, ...] = (
    _R("stretch_in_place", "stretch", "mob.stretch(factor, dim)"),
    _R("pfp", "point_from_proportion", "mob.point_from_proportion(alpha)"),
    _R("deepcopy", "copy", "mob.copy() (Manim CE's copy is a deep copy)"),
    _R("get_v_line", "get_vertical_line", "axes.get_vertical_line(point) (a dashed line down to the x axis)"),
    _R("get_h_line", "get_horizontal_line", "axes.get_horizontal_line(point) (a dashed line across to the y axis)"),
    _R("get_v_line_to_graph", "get_vertical_line", "axes.get_vertical_line(axes.i2gp(x, graph))", fixable=False),
    _R("get_h_line_to_graph", "get_horizontal_line", "axes.get_horizontal_line(axes.i2gp(x, graph))", fixable=False),
    _R("get_area_under_graph", "get_area", "axes.get_area(graph, x_range=(a, b), color=BLUE, opacity=0.5)",
       fixable=False),
    _R("get_tangent_line", "i2gp", "Line(2.5 * LEFT, 2.5 * RIGHT).rotate(angle_of_vector(axes.i2gp(x + 1e-6, "
       "graph) - axes.i2gp(x, graph))).move_to(axes.i2gp(x, graph)) (ManimGL's tangent: length 5, "
       "centred at x)", fixable=False),
    _R("get_scatterplot", "c2p", "VGroup(*(Dot(axes.c2p(x, y)) for x, y in zip(xs, ys)))", fixable=False),
    _R("bind_graph_to_func", "add_updater", "graph.add_updater(lambda g: g.become(axes.plot(func)))",
       fixable=False),
    _R("get_part_by_text", "get_part_by_tex", _TEX_PARTS.format("get_part_by_tex"), fixable=False),
    _R("get_parts_by_text", "get_part_by_tex", _TEX_PARTS.format("get_part_by_tex"), fixable=False),
    _R("get_parts_by_tex", "get_part_by_tex", _TEX_PARTS.format("get_part_by_tex"), fixable=False),
    _R("set_color_by_text", "set_color_by_tex", _TEX_PARTS.format("set_color_by_tex"), fixable=False),
    _R("set_color_by_text_to_color_map", "set_color_by_tex_to_color_map",
       _TEX_PARTS.format("set_color_by_tex_to_color_map"), fixable=False),
    _R("get_vertical_line_to_graph", "get_vertical_line", "axes.get_vertical_line(axes.i2gp(x, graph))",
       fixable=False),
    _R("set_bstroke", "set_stroke", "mob.set_stroke(BLACK, width=5, background=True)", fixable=False),
    _R("get_grid", "arrange_in_grid",
       "VGroup(*(mob.copy() for _ in range(rows * cols))).arrange_in_grid(rows, cols)", fixable=False),
    _R("replicate", "copy", "VGroup(*(mob.copy() for _ in range(n)))", fixable=False),
    _R("make_number_changeable", "DecimalNumber",
       'a DecimalNumber beside the text: VGroup(Text("Width ="), DecimalNumber(0)).arrange(RIGHT)',
       fixable=False),
    _R("set_max_width", "scale_to_fit_width", "if mob.width > w: mob.scale_to_fit_width(w)", fixable=False),
    _R("set_max_height", "scale_to_fit_height", "if mob.height > h: mob.scale_to_fit_height(h)",
       fixable=False),
    _R("add_ambient_rotation", "begin_ambient_camera_rotation",
       "self.begin_ambient_camera_rotation(rate=0.1) in a ThreeDScene", fixable=False),
    _R("set_euler_angles", "set_camera_orientation",
       "self.set_camera_orientation(phi=..., theta=..., gamma=...) in a ThreeDScene", fixable=False),
    # ManimGL's frame.reorient(theta, phi) takes degrees; its frame turns by z(theta) x(phi),
    # CE's camera by x(-phi) z(-theta - 90) (ThreeDCamera.generate_rotation_matrix).
    _R("reorient", "set_camera_orientation",
       "self.set_camera_orientation(phi=PHI * DEGREES, theta=(THETA - 90) * DEGREES) in a "
       "ThreeDScene for ManimGL's frame.reorient(THETA, PHI) (degrees; ManimGL's theta 0 is Manim "
       "CE's -90°); animated: self.move_camera(phi=..., theta=..., run_time=...)", fixable=False),
    _R("increment_theta", "move_camera", "self.move_camera(theta=...) in a ThreeDScene", fixable=False),
    _R("increment_phi", "move_camera", "self.move_camera(phi=...) in a ThreeDScene", fixable=False),
    _R("get_frame_center", "frame_center", "self.camera.frame_center", to_attribute=True),
    _R("get_frame_width", "frame_width", "self.camera.frame_width", to_attribute=True),
    _R("get_frame_height", "frame_height", "self.camera.frame_height", to_attribute=True),
    _R("set_frame_center", "move_to", "self.camera.frame.move_to(point) in a MovingCameraScene",
       fixable=False),
    _R("set_frame_width", "set", "self.camera.frame.set(width=w) in a MovingCameraScene", fixable=False),
    _R("set_frame_height", "set", "self.camera.frame.set(height=h) in a MovingCameraScene", fixable=False),
    _R("look_at", "move_to", "self.camera.frame.animate.move_to(point) in a MovingCameraScene",
       fixable=False),
)
# fmt: on

# (class, ManimGL keyword, Manim CE keyword)
GL_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("Torus", "r1", "major_radius"),
    ("Torus", "r2", "minor_radius"),
    ("NumberLine", "big_tick_numbers", "numbers_with_elongated_ticks"),
    ("NumberLine", "line_to_number_direction", "label_direction"),
    ("TracedPath", "time_traced", "dissipating_time"),
)

_INTERACTIVE = (
    "is ManimGL's interactive window; Manim CE renders video files, with no live controls"
)
_SHADING = "is ManimGL's OpenGL shading; Manim CE's Cairo renderer has none: leave it out"

# ManimGL methods that change nothing Cairo draws and return the mobject itself, so `--fix`
# drops the call and keeps its receiver: `sq.set_shading(0.5, 0.5)` -> `sq`.
NO_OP_METHODS = frozenset(
    _words("""set_shading set_gloss set_reflectiveness set_flat_stroke use_winding_fill
    apply_depth_test deactivate_depth_test always_sort_to_camera refresh_bounding_box""")
)
_3B1B = "is 3Blue1Brown's video code; build it from CE shapes (SVGMobject, VGroup of primitives)"

# ManimGL API with no CE replacement, and what to do instead of a plain "rewrite this part".
NO_EQUIVALENT: dict[str, str] = {
    **dict.fromkeys(
        _words("""Textbox Checkbox ColorSliders ControlPanel LinearNumberSlider MotionMobject Button
        EnableDisableButton Window embed add_mouse_press_listner add_key_press_listner"""),
        _INTERACTIVE,
    ),
    **dict.fromkeys(
        _words("""set_shading set_gloss set_reflectiveness set_flat_stroke use_winding_fill
        apply_depth_test deactivate_depth_test set_clip_plane always_sort_to_camera"""),
        _SHADING,
    ),
    **dict.fromkeys(
        _words("""SpeechBubble ThoughtBubble DoubleSpeechBubble Bubble Clock Car Laptop VideoIcon
        Lightbulb Speedometer Piano Guitar Checkmark Exmark"""),
        _3B1B,
    ),
    "refresh_bounding_box": "is ManimGL's bounds cache; Manim CE measures on demand: leave it out",
    "TexturedSurface": "is OpenGL-only; use Surface(...) with set_fill_by_checkerboard or a colorscale",
    "SurfaceMesh": "is ManimGL-only; Surface(..., resolution=(n, m)) draws its own mesh lines",
    "GlowDots": "is ManimGL-only; use a VGroup of Dot(point) objects",
    "DotCloud": "is ManimGL-only; use a VGroup of Dot(point) objects",
    "TimeVaryingVectorField": "is ManimGL-only; use ArrowVectorField(func) with an updater",
    "ExponentialValueTracker": "is ManimGL-only; use ValueTracker and exponentiate its value",
    "CameraFrame": "is ManimGL's camera frame; use self.camera.frame in a MovingCameraScene",
    "fix_in_frame": "use self.add_fixed_in_frame_mobjects(mob) in a ThreeDScene",
    "get_frame_shape": "use (self.camera.frame_width, self.camera.frame_height)",
    "unfix_from_frame": "use self.remove_fixed_in_frame_mobjects(mob) in a ThreeDScene",
    "always": "mob.add_updater(lambda m: m.method(args))",
    "f_always": "mob.add_updater(lambda m: m.method(f()))",
}
