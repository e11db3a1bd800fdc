# ruff: noqa
import numpy as np
from manim import *


class PythagorasLesson(Scene):
    """A long but ordinary lesson scene, used to time the validator."""

    def construct(self):
        title = Text("The Pythagorean theorem", font_size=44).to_edge(UP)
        self.play(Write(title))
        a, b = 3, 4
        c = np.hypot(a, b)
        triangle = Polygon(ORIGIN, a * RIGHT, a * RIGHT + b * UP, color=BLUE, fill_opacity=0.3)
        triangle.scale(0.5).move_to(ORIGIN)
        self.play(Create(triangle))
        labels = VGroup(
            MathTex("a").next_to(triangle, DOWN),
            MathTex("b").next_to(triangle, RIGHT),
            MathTex("c").move_to(triangle.get_center() + UL * 0.4),
        )
        self.play(LaggedStart(*[FadeIn(label, shift=UP * 0.2) for label in labels], lag_ratio=0.3))
        self.wait(0.5)
        squares = self.build_squares(triangle)
        for square, color in zip(squares, [RED, GREEN, YELLOW]):
            square.set_fill(color, opacity=0.4)
        self.play(*[DrawBorderThenFill(s) for s in squares], run_time=2)
        formula = MathTex("a^2", "+", "b^2", "=", "c^2").to_edge(DOWN)
        formula.set_color_by_tex("a^2", RED)
        formula.set_color_by_tex("b^2", GREEN)
        self.play(Write(formula))
        self.play(Indicate(formula[0]), Indicate(formula[2]))
        self.play(Circumscribe(formula[4], color=YELLOW))
        numbers = MathTex(f"{a}^2 + {b}^2 = {int(c)}^2").next_to(formula, UP)
        self.play(TransformFromCopy(formula, numbers))
        self.wait()
        group = VGroup(triangle, labels, *squares)
        self.play(group.animate.scale(0.6).to_edge(LEFT))
        axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1], x_length=4, y_length=4).to_edge(RIGHT)
        graph = axes.plot(lambda x: np.sqrt(max(c**2 - x**2, 0)), x_range=[0, c], color=PURPLE)
        dot = Dot(axes.c2p(a, b), color=WHITE)
        tracker = ValueTracker(0)
        moving = always_redraw(lambda: Dot(axes.i2gp(tracker.get_value(), graph), color=ORANGE))
        self.play(Create(axes), Create(graph), FadeIn(dot))
        self.add(moving)
        self.play(tracker.animate.set_value(c), run_time=2, rate_func=smooth)
        brace = Brace(Line(axes.c2p(0, 0), axes.c2p(a, 0)), DOWN)
        brace_label = brace.get_text("a")
        self.play(GrowFromCenter(brace), FadeIn(brace_label))
        arrow = Arrow(LEFT, RIGHT, buff=0.1).next_to(dot, LEFT)
        self.play(GrowArrow(arrow))
        table = self.make_table(a, b)
        self.play(FadeIn(table, shift=DOWN))
        self.wait()
        self.play(*[FadeOut(m) for m in self.mobjects])

    def build_squares(self, triangle: Polygon) -> list[VMobject]:
        vertices = triangle.get_vertices()
        squares: list[VMobject] = []
        for start, end in zip(vertices, np.roll(vertices, -1, axis=0)):
            side = end - start
            normal = np.array([side[1], -side[0], 0])
            square = Polygon(start, end, end + normal, start + normal, stroke_width=2)
            squares.append(square)
        return squares

    def make_table(self, a: int, b: int) -> VGroup:
        rows = VGroup()
        for i, (x, y) in enumerate([(a, b), (5, 12), (8, 15)]):
            hyp = int(round(np.hypot(x, y)))
            row = VGroup(Integer(x), Integer(y), Integer(hyp)).arrange(RIGHT, buff=0.6)
            if i == 0:
                row.set_color(YELLOW)
            rows.add(row)
        rows.arrange(DOWN, aligned_edge=LEFT).scale(0.7)
        frame = SurroundingRectangle(rows, buff=0.2, corner_radius=0.1)
        return VGroup(rows, frame).to_corner(DR)


class Recap(Scene):
    def construct(self):
        points = [
            "Right triangles only",
            "Hypotenuse is the longest side",
            "Works in any units",
        ]
        items = VGroup(*[Text(f"• {p}", font_size=30) for p in points])
        items.arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        for item in items:
            self.play(AddTextLetterByLetter(item), run_time=1)
        self.wait(1)
        highlight = SurroundingRectangle(items[1], color=YELLOW)
        self.play(Create(highlight))
        self.play(FadeOut(items), FadeOut(highlight))


class Outro(Scene):
    def construct(self):
        thanks = Text("Thanks for watching", font_size=40, color=BLUE)
        tri = Polygon(ORIGIN, RIGHT * 2, RIGHT * 2 + UP, color=GREEN).next_to(thanks, DOWN)
        self.play(Write(thanks), Create(tri))
        self.play(tri.animate.rotate(PI / 2), run_time=1.5)
        self.play(FadeOut(thanks, shift=UP), FadeOut(tri, shift=DOWN))
