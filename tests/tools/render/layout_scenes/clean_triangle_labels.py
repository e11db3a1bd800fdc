from manim import *


class RightTriangle(Scene):
    def construct(self):
        tri = Polygon([-2, -1.5, 0], [2, -1.5, 0], [-2, 1.5, 0], color=WHITE)
        a = MathTex("a").next_to(Line([-2, -1.5, 0], [-2, 1.5, 0]), LEFT)
        b = MathTex("b").next_to(Line([-2, -1.5, 0], [2, -1.5, 0]), DOWN)
        c = MathTex("c").move_to([0.3, 0.3, 0])
        title = Text("Right triangle", font_size=36).to_edge(UP)
        self.play(Create(tri), Write(VGroup(a, b, c)), Write(title))
        self.wait(1)
