"""The Pythagorean theorem: title, right triangle, squares on the sides, formula, 3-4-5 example."""

from __future__ import annotations

from agent.offline.scene_frame import LessonTemplate, SceneTemplate
from lessons.plan import ScenePlan

_TITLE = SceneTemplate(
    plan=ScenePlan(
        title="The Pythagorean theorem",
        goal="Know what the lesson is about: a rule connecting the sides of a right triangle.",
        narration="Over two thousand years ago, people noticed a simple rule about right "
        "triangles. Let's see what it says and why it works.",
        visual="The title is written in the centre; a line grows under it and the short formula "
        "a² + b² = c² fades in below.",
    ),
    name="Title",
    title_text="The Pythagorean theorem",
    title_size=52,
    card=True,
    body="""
        underline = Line(LEFT * 3, RIGHT * 3, color=color).scale(scale)
        underline.next_to(ORIGIN, UP, buff=0.1)
        formula = Text("a² + b² = c²", font_size=44, color=accent).scale(scale)
        formula.next_to(underline, DOWN, buff=0.5)
        self.play(Create(underline), run_time=0.8 / speed)
        self.play(FadeIn(formula, shift=UP * 0.3), run_time=1 / speed)
    """,
)

_TRIANGLE = SceneTemplate(
    plan=ScenePlan(
        title="Right triangles",
        goal="Recognise a right triangle, its two legs a and b and its hypotenuse c.",
        narration="A right triangle has one square corner. The two sides that meet there are "
        "the legs, a and b. The longest side, across from the square corner, is the hypotenuse, c.",
        visual="A right triangle is drawn with a right-angle mark; its legs are labelled a and b "
        "and the hypotenuse c is highlighted.",
    ),
    name="RightTriangle",
    title_text="Right triangles",
    body="""
        corner_a = LEFT * 2 + DOWN * 1.5
        corner_b = RIGHT * 2 + DOWN * 1.5
        corner_c = RIGHT * 2 + UP * 1.5
        triangle = Polygon(corner_a, corner_b, corner_c, color=color, fill_opacity=0.3)
        mark = RightAngle(Line(corner_b, corner_a), Line(corner_b, corner_c), length=0.35)
        leg_a = Text("a", font_size=40, slant=ITALIC).next_to(Line(corner_b, corner_c), RIGHT)
        leg_b = Text("b", font_size=40, slant=ITALIC).next_to(Line(corner_a, corner_b), DOWN)
        hyp = Line(corner_a, corner_c, color=accent, stroke_width=8)
        hyp_label = Text("c", font_size=40, slant=ITALIC, color=accent)
        hyp_label.move_to(hyp.get_center() + UP * 0.45 + LEFT * 0.35)
        figure = VGroup(triangle, mark, leg_a, leg_b, hyp, hyp_label).scale(scale)
        figure.move_to(DOWN * 0.4)
        self.play(Create(triangle), Create(mark), run_time=1.2 / speed)
        self.play(FadeIn(leg_a), FadeIn(leg_b), run_time=0.6 / speed)
        self.play(Create(hyp), FadeIn(hyp_label), run_time=0.8 / speed)
    """,
)

_SQUARES = SceneTemplate(
    plan=ScenePlan(
        title="Squares on the sides",
        goal="See the theorem as areas: the two small squares together equal the big one.",
        narration="Build a square on each side of the triangle. The areas are a squared, "
        "b squared and c squared, and the two small squares exactly fill the big one.",
        visual="A small right triangle with a square drawn outward on each side; the squares "
        "are labelled a², b² and c².",
    ),
    name="SquaresOnSides",
    title_text="Squares on the sides",
    color="BLUE",
    accent="YELLOW",
    body="""
        pa = np.array([-0.8, -0.6, 0])
        pb = np.array([0.8, -0.6, 0])
        pc = np.array([0.8, 0.6, 0])
        triangle = Polygon(pa, pb, pc, color=WHITE, fill_opacity=0.2)
        down = np.array([0, -1.6, 0])
        right = np.array([1.2, 0, 0])
        out = np.array([-1.2, 1.6, 0])
        square_b = Polygon(pa, pb, pb + down, pa + down, color=color, fill_opacity=0.4)
        square_a = Polygon(pb, pc, pc + right, pb + right, color=color, fill_opacity=0.4)
        square_c = Polygon(pa, pc, pc + out, pa + out, color=accent, fill_opacity=0.4)
        label_a = Text("a²", font_size=30).move_to(square_a)
        label_b = Text("b²", font_size=30).move_to(square_b)
        label_c = Text("c²", font_size=36).move_to(square_c)
        figure = VGroup(triangle, square_a, square_b, square_c, label_a, label_b, label_c)
        figure.scale(1.2 * scale).move_to(DOWN * 0.3)
        self.play(Create(triangle), run_time=0.6 / speed)
        self.play(
            LaggedStart(FadeIn(square_a), FadeIn(square_b), FadeIn(square_c), lag_ratio=0.4),
            run_time=1.5 / speed,
        )
        self.play(FadeIn(label_a), FadeIn(label_b), FadeIn(label_c), run_time=0.6 / speed)
    """,
)

_FORMULA = SceneTemplate(
    plan=ScenePlan(
        title="The formula",
        goal="State the theorem: in every right triangle, a² + b² = c².",
        narration="So for every right triangle, the square of the hypotenuse equals the sum of "
        "the squares of the legs: a squared plus b squared equals c squared.",
        visual="The formula a^2 + b^2 = c^2 is written in the centre, the legs' terms in the main "
        "colour and c^2 in the accent colour, then boxed.",
    ),
    name="Formula",
    title_text="The formula",
    body="""
        formula = MathTex("a^2", "+", "b^2", "=", "c^2", font_size=72).scale(scale)
        formula[0].set_color(color)
        formula[2].set_color(color)
        formula[4].set_color(accent)
        box = SurroundingRectangle(formula, color=accent, buff=0.3)
        note = Text("for every right triangle", font_size=30).next_to(box, DOWN, buff=0.4)
        self.play(Write(formula), run_time=1.2 / speed)
        self.play(Create(box), FadeIn(note), run_time=0.8 / speed)
    """,
)

_EXAMPLE = SceneTemplate(
    plan=ScenePlan(
        title="Example: 3, 4, 5",
        goal="Check the theorem on a triangle with legs 3 and 4.",
        narration="Take legs of 3 and 4. Nine plus sixteen is twenty-five, the square of 5, "
        "so the hypotenuse is 5.",
        visual="A right triangle with sides labelled 3, 4 and 5; beside it the lines "
        "3² + 4² = 9 + 16 = 25 = 5² appear one after another.",
    ),
    name="Example345",
    title_text="Example: 3, 4, 5",
    body="""
        corner_a = np.array([-1.6, -1.2, 0])
        corner_b = np.array([1.6, -1.2, 0])
        corner_c = np.array([1.6, 1.2, 0])
        triangle = Polygon(corner_a, corner_b, corner_c, color=color, fill_opacity=0.3)
        side_4 = Text("4", font_size=34).next_to(Line(corner_a, corner_b), DOWN)
        side_3 = Text("3", font_size=34).next_to(Line(corner_b, corner_c), RIGHT)
        side_5 = Text("5", font_size=34, color=accent).move_to(LEFT * 0.3 + UP * 0.45)
        figure = VGroup(triangle, side_3, side_4, side_5)
        steps = VGroup(
            Text("3² + 4²", font_size=40),
            Text("= 9 + 16", font_size=40),
            Text("= 25 = 5²", font_size=40, color=accent),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        steps.next_to(figure, RIGHT, buff=1.2)
        VGroup(figure, steps).scale(scale).move_to(DOWN * 0.4)
        self.play(Create(triangle), FadeIn(side_3, side_4, side_5), run_time=1 / speed)
        for step in steps:
            self.play(FadeIn(step, shift=RIGHT * 0.3), run_time=0.6 / speed)
    """,
)

PYTHAGORAS = LessonTemplate(
    key="pythagoras",
    title="The Pythagorean theorem",
    scenes=(_TITLE, _TRIANGLE, _SQUARES, _FORMULA, _EXAMPLE),
)
