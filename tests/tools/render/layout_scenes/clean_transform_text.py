from manim import *


class Morph(Scene):
    def construct(self):
        a = Text("x + x", font_size=60)
        b = Text("2x", font_size=60)
        self.play(Write(a))
        self.play(Transform(a, b))
        self.wait(1)
