"""Sine and the unit circle: title, the circle, sine as a height, tracing the wave, key values."""

from __future__ import annotations

from agent.offline.scene_frame import LessonTemplate, SceneTemplate
from lessons.plan import ScenePlan

_TITLE = SceneTemplate(
    plan=ScenePlan(
        title="Sine and the unit circle",
        goal="Know the idea of the lesson: sine is the height of a point on a circle.",
        narration="Sine shows up everywhere, from sound waves to tides. Its simplest picture is "
        "a point walking around a circle.",
        visual="The title is written; below it a circle is drawn and a dot travels once around it.",
    ),
    name="Title",
    title_text="Sine and the unit circle",
    title_size=52,
    card=True,
    body="""
        circle = Circle(radius=1, color=color).scale(scale).move_to(DOWN * 1.4)
        dot = Dot(circle.point_at_angle(0), color=accent)
        self.play(Create(circle), FadeIn(dot), run_time=0.8 / speed)
        self.play(MoveAlongPath(dot, circle), run_time=1.5 / speed, rate_func=linear)
    """,
)

_CIRCLE = SceneTemplate(
    plan=ScenePlan(
        title="The unit circle",
        goal="Know the unit circle: radius 1, centred at the origin, angles measured from the "
        "positive x-axis.",
        narration="The unit circle has radius one and its centre at the origin. A point on it "
        "is given by an angle theta, measured counter-clockwise from the positive x-axis.",
        visual="Axes and a circle; a radius labelled 1 turns up to an angle θ marked with an arc.",
    ),
    name="UnitCircle",
    title_text="The unit circle",
    body="""
        radius = 2.2
        axes = VGroup(
            Line(LEFT * 3, RIGHT * 3, color=GREY_B), Line(DOWN * 2.8, UP * 2.8, color=GREY_B)
        )
        circle = Circle(radius=radius, color=color)
        angle = 40 * DEGREES
        point = radius * np.array([np.cos(angle), np.sin(angle), 0])
        spoke = Line(ORIGIN, point, color=accent)
        one = Text("1", font_size=32, color=accent).move_to(point / 2 + np.array([-0.2, 0.3, 0]))
        arc = Angle(Line(ORIGIN, RIGHT), spoke, radius=0.6, color=WHITE)
        theta = Text("θ", font_size=32).move_to(np.array([0.85, 0.3, 0]))
        dot = Dot(point, color=accent)
        figure = VGroup(axes, circle, spoke, one, arc, theta, dot).scale(scale)
        figure.move_to(DOWN * 0.4)
        self.play(Create(axes), Create(circle), run_time=1 / speed)
        self.play(Create(spoke), FadeIn(dot), FadeIn(one), run_time=0.8 / speed)
        self.play(Create(arc), FadeIn(theta), run_time=0.6 / speed)
    """,
)

_HEIGHT = SceneTemplate(
    plan=ScenePlan(
        title="Sine is the height",
        goal="See sin θ as the height (y-coordinate) of the point at angle θ.",
        narration="Drop a line from the point straight down to the x-axis. Its length, the "
        "point's height, is the sine of theta. As the angle grows, the height changes.",
        visual="A point on the circle with a vertical segment to the x-axis labelled sin θ; the "
        "angle sweeps from 20° to 160° and the segment follows.",
    ),
    name="SineIsTheHeight",
    title_text="Sine is the height",
    body="""
        radius = 2.2
        center = DOWN * 0.6
        axis = Line(center + LEFT * 3, center + RIGHT * 3, color=GREY_B)
        circle = Circle(radius=radius, color=color).move_to(center)
        VGroup(axis, circle).scale(scale, about_point=center)
        size = radius * scale
        angle = ValueTracker(20 * DEGREES)

        def point():
            a = angle.get_value()
            return center + size * np.array([np.cos(a), np.sin(a), 0])

        spoke = always_redraw(lambda: Line(center, point(), color=GREY_A))
        height = always_redraw(
            lambda: Line(point(), [point()[0], center[1], 0], color=accent, stroke_width=8)
        )
        dot = always_redraw(lambda: Dot(point(), color=accent))

        # Backed, so the circle passing behind the label never runs through its letters.
        tag = Text("sin θ", font_size=30, color=accent).add_background_rectangle()

        def follow(label):
            # Keep the label outside the triangle: right of the segment, or left past 90°.
            side = RIGHT if np.cos(angle.get_value()) >= 0 else LEFT
            label.next_to(height, side, buff=0.1)

        # Moved each frame rather than rebuilt: building Text is the slow part of a frame.
        tag.add_updater(follow)
        self.play(Create(axis), Create(circle), run_time=0.8 / speed)
        self.play(FadeIn(spoke, height, dot, tag), run_time=0.6 / speed)
        self.play(angle.animate.set_value(160 * DEGREES), run_time=2.5 / speed)
    """,
)

_WAVE = SceneTemplate(
    plan=ScenePlan(
        title="Tracing the wave",
        goal="See the sine graph as the height of the point plotted against the angle.",
        narration="Now let the point go all the way round, and plot its height against the "
        "angle. The result is the sine wave.",
        visual="A small circle on the left with a point going round once; on the right a dot "
        "at the same height moves to the right and traces the sine curve.",
    ),
    name="TracingTheWave",
    title_text="Tracing the wave",
    body="""
        radius = 1.2
        center = LEFT * 4.2 + DOWN * 0.4
        start = LEFT * 2.4 + DOWN * 0.4
        width = 6.0
        circle = Circle(radius=radius, color=color).move_to(center)
        axis = Line(start, start + RIGHT * width, color=GREY_B)
        VGroup(circle, axis).scale(scale, about_point=center)
        size = radius * scale
        angle = ValueTracker(0)

        def on_circle():
            a = angle.get_value()
            return center + size * np.array([np.cos(a), np.sin(a), 0])

        def on_graph():
            a = angle.get_value()
            x = center[0] + (start[0] - center[0] + width * a / TAU) * scale
            return np.array([x, center[1] + size * np.sin(a), 0])

        dot = always_redraw(lambda: Dot(on_circle(), color=accent))
        pen = always_redraw(lambda: Dot(on_graph(), color=accent))
        link = always_redraw(lambda: DashedLine(on_circle(), on_graph(), color=GREY_A))
        trace = TracedPath(pen.get_center, stroke_color=accent, stroke_width=5)
        self.play(Create(circle), Create(axis), run_time=0.6 / speed)
        self.add(trace, dot, pen, link)
        self.play(angle.animate.set_value(TAU), run_time=3 / speed, rate_func=linear)
    """,
)

_VALUES = SceneTemplate(
    plan=ScenePlan(
        title="Key values",
        goal="Remember sin 0° = 0, sin 90° = 1, sin 180° = 0, sin 270° = -1.",
        narration="Four points are worth remembering. At zero degrees the height is zero, at "
        "ninety it is one, at one hundred eighty it is zero again, and at two hundred seventy "
        "it is minus one.",
        visual="The unit circle with dots at 0°, 90°, 180° and 270° lighting up one by one, "
        "while a list of the four values appears beside it.",
    ),
    name="KeyValues",
    title_text="Key values",
    body="""
        radius = 1.8
        circle = Circle(radius=radius, color=color)
        rows = VGroup(
            Text("sin 0° = 0", font_size=32),
            Text("sin 90° = 1", font_size=32),
            Text("sin 180° = 0", font_size=32),
            Text("sin 270° = -1", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        rows.next_to(circle, RIGHT, buff=1.2)
        figure = VGroup(circle, rows).scale(scale).move_to(DOWN * 0.4)
        self.play(Create(circle), run_time=0.6 / speed)
        for k, row in enumerate(rows):
            dot = Dot(circle.point_at_angle(k * PI / 2), color=accent, radius=0.12)
            self.play(FadeIn(dot, scale=2), FadeIn(row, shift=LEFT * 0.2), run_time=0.5 / speed)
    """,
)

SINE = LessonTemplate(
    key="sine",
    title="Sine and the unit circle",
    scenes=(_TITLE, _CIRCLE, _HEIGHT, _WAVE, _VALUES),
)
