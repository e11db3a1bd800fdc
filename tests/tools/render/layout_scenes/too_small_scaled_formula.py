from manim import *


class TinyFormula(Scene):
    def construct(self):
        f = MathTex(r"E = mc^2").scale(0.12)
        self.play(Write(f))
        self.wait(1)
