from manim import *


class RightTriangle(Scene):
    def construct(self):
        tri = Polygon(ORIGIN, 3 * RIGHT, 3 * RIGHT + 2 * UP, color=WHITE).move_to(ORIGIN)
        labels = VGroup(
            MathTex("a").next_to(tri, DOWN),
            MathTex("b").next_to(tri, RIGHT),
            MathTex("c").move_to(tri.get_center() + LEFT * 0.6 + UP * 0.5),
        )
        self.play(Create(tri))
        self.play(LaggedStart(*[Write(label) for label in labels], lag_ratio=0.3))
        self.play(tri.animate.set_fill(BLUE, opacity=0.4))
