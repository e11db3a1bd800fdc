"""The derivative as slope: title, slope of a line, secant to tangent, definition, x² example."""

from __future__ import annotations

from agent.offline.scene_frame import LessonTemplate, SceneTemplate
from lessons.plan import ScenePlan

_TITLE = SceneTemplate(
    plan=ScenePlan(
        title="The derivative as slope",
        goal="Know the question of the lesson: how steep is a curve at a single point?",
        narration="A straight line has one steepness everywhere. A curve does not. The "
        "derivative tells us how steep a curve is at each point.",
        visual="The title is written in the centre; a small parabola is drawn below it with a "
        "tangent line touching it.",
    ),
    name="Title",
    title_text="The derivative as slope",
    title_size=52,
    card=True,
    body="""
        curve = FunctionGraph(lambda x: 0.3 * x**2, x_range=[-2.5, 2.5], color=color)
        touch = np.array([1.0, 0.3, 0])
        tangent = Line(touch + LEFT * 1.2 + DOWN * 0.72, touch + RIGHT * 1.2 + UP * 0.72)
        tangent.set_color(accent)
        dot = Dot(touch, color=accent)
        sketch = VGroup(curve, tangent, dot).scale(scale).move_to(DOWN * 0.95)
        question = Text("How steep is a curve at one point?", font_size=30)
        # Above the bottom band, where a caption goes.
        question.next_to(sketch, DOWN, buff=0.25)
        self.play(Create(curve), run_time=1 / speed)
        self.play(Create(tangent), FadeIn(dot), FadeIn(question), run_time=0.8 / speed)
    """,
)

_LINE_SLOPE = SceneTemplate(
    plan=ScenePlan(
        title="Slope of a line",
        goal="Recall that the slope of a line is rise over run.",
        narration="For a straight line, pick two points. The slope is how far it rises divided "
        "by how far it runs: rise over run.",
        visual="A line on axes; a right-angled step under it shows the run (horizontal) and the "
        "rise (vertical), and the text 'slope = rise / run' appears.",
    ),
    name="SlopeOfALine",
    title_text="Slope of a line",
    body="""
        axes = Axes(x_range=[0, 5], y_range=[0, 4], x_length=6, y_length=4, tips=False)
        line = axes.plot(lambda x: 0.6 * x + 0.5, x_range=[0, 5], color=color)
        start = axes.c2p(1, 1.1)
        corner = axes.c2p(4, 1.1)
        end = axes.c2p(4, 2.9)
        run = Line(start, corner, color=accent)
        rise = Line(corner, end, color=accent)
        run_label = Text("run", font_size=28).next_to(run, DOWN, buff=0.15)
        rise_label = Text("rise", font_size=28).next_to(rise, RIGHT, buff=0.15)
        figure = VGroup(axes, line, run, rise, run_label, rise_label).scale(scale)
        figure.move_to(DOWN * 0.5 + LEFT * 1.5)
        rule = Text("slope = rise / run", font_size=34, color=accent)
        rule.next_to(figure, RIGHT, buff=0.5)
        self.play(Create(axes), Create(line), run_time=1 / speed)
        self.play(Create(run), FadeIn(run_label), run_time=0.6 / speed)
        self.play(Create(rise), FadeIn(rise_label), run_time=0.6 / speed)
        self.play(Write(rule), run_time=0.8 / speed)
    """,
)

_SECANT = SceneTemplate(
    plan=ScenePlan(
        title="From secant to tangent",
        goal="See the tangent line as the limit of secant lines through two nearby points.",
        narration="On a curve, a line through two points is a secant. Slide the second point "
        "towards the first: the secant turns into the tangent line, whose slope is the "
        "derivative.",
        visual="The curve y = x² on axes with two dots; the line through them follows as the "
        "second dot slides towards the first until it becomes the tangent.",
    ),
    name="SecantToTangent",
    title_text="From secant to tangent",
    body="""
        axes = Axes(x_range=[-0.5, 3], y_range=[-0.5, 6], x_length=6, y_length=4.5, tips=False)
        curve = axes.plot(lambda x: x**2, x_range=[-0.3, 2.4], color=color)
        gap = ValueTracker(1.3)

        def secant():
            x1, x2 = 1.0, 1.0 + gap.get_value()
            slope = (x2**2 - x1**2) / (x2 - x1)
            return Line(
                axes.c2p(x1 - 0.8, x1**2 - 0.8 * slope),
                axes.c2p(x2 + 0.6, x2**2 + 0.6 * slope),
                color=accent,
            )

        fixed = Dot(axes.c2p(1, 1), color=accent)
        moving = always_redraw(
            lambda: Dot(axes.c2p(1 + gap.get_value(), (1 + gap.get_value()) ** 2), color=accent)
        )
        line = always_redraw(secant)
        figure = VGroup(axes, curve, fixed).scale(scale).move_to(DOWN * 0.4)
        self.play(Create(axes), Create(curve), run_time=1 / speed)
        self.play(FadeIn(fixed), FadeIn(moving), Create(line), run_time=0.6 / speed)
        self.play(gap.animate.set_value(0.01), run_time=2 / speed)
        label = Text("tangent", font_size=30, color=accent).next_to(figure, RIGHT, buff=0.2)
        self.play(FadeIn(label), run_time=0.4 / speed)
    """,
)

_DEFINITION = SceneTemplate(
    plan=ScenePlan(
        title="The definition",
        goal="Read the limit definition of the derivative as 'slope of ever-closer secants'.",
        narration="Written as a formula: the derivative at x is the limit, as h goes to zero, of "
        "the rise f of x plus h minus f of x, over the run h.",
        visual="The formula f'(x) = lim_(h->0) (f(x+h) - f(x)) / h is written; the fraction is "
        "boxed and labelled 'rise / run'.",
    ),
    name="Definition",
    title_text="The definition",
    body="""
        formula = MathTex(
            r"f'(x) = \\lim_{h \\to 0}", r"\\frac{f(x+h) - f(x)}{h}", font_size=60
        ).scale(scale)
        formula[0].set_color(color)
        box = SurroundingRectangle(formula[1], color=accent, buff=0.15)
        note = Text("rise / run", font_size=30, color=accent).next_to(box, DOWN, buff=0.3)
        self.play(Write(formula), run_time=1.5 / speed)
        self.play(Create(box), FadeIn(note), run_time=0.8 / speed)
    """,
)

_EXAMPLE = SceneTemplate(
    plan=ScenePlan(
        title="Example: y = x²",
        goal="See that the slope of y = x² at x is 2x by watching the tangent move.",
        narration="For y equals x squared, the tangent is flat at zero, and gets steeper as x "
        "grows. Its slope at x is 2x.",
        visual="The parabola y = x² with a tangent line and a dot that slide from x = -1.5 to "
        "x = 1.5; the text 'slope = 2x' stays beside the graph.",
    ),
    name="ExampleXSquared",
    title_text="Example: y = x²",
    body="""
        axes = Axes(x_range=[-2, 2], y_range=[-0.5, 4], x_length=6, y_length=4, tips=False)
        curve = axes.plot(lambda x: x**2, x_range=[-1.9, 1.9], color=color)
        where = ValueTracker(-1.5)

        def tangent():
            x = where.get_value()
            return Line(
                axes.c2p(x - 0.7, x**2 - 1.4 * x),
                axes.c2p(x + 0.7, x**2 + 1.4 * x),
                color=accent,
            )

        line = always_redraw(tangent)
        dot = always_redraw(
            lambda: Dot(axes.c2p(where.get_value(), where.get_value() ** 2), color=accent)
        )
        figure = VGroup(axes, curve).scale(scale).move_to(DOWN * 0.4 + LEFT * 1.2)
        rule = Text("slope = 2x", font_size=36, color=accent).next_to(figure, RIGHT, buff=0.4)
        self.play(Create(axes), Create(curve), run_time=1 / speed)
        self.play(Create(line), FadeIn(dot), Write(rule), run_time=0.6 / speed)
        self.play(where.animate.set_value(1.5), run_time=2 / speed)
    """,
)

DERIVATIVE = LessonTemplate(
    key="derivative",
    title="The derivative as slope",
    scenes=(_TITLE, _LINE_SLOPE, _SECANT, _DEFINITION, _EXAMPLE),
)
