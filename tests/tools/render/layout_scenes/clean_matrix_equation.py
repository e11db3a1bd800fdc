from manim import *


class Mat(Scene):
    def construct(self):
        m = Matrix([[1, 2], [3, 4]])
        eq = MathTex("=").next_to(m, RIGHT)
        d = MathTex("-2").next_to(eq, RIGHT)
        det = MathTex(r"\det").next_to(m, LEFT)
        self.play(Write(VGroup(det, m, eq, d)))
        self.wait(1)
