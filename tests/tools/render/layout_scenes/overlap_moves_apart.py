from manim import *


class OverlapThenApart(Scene):
    def construct(self):
        a = Text("kinetic energy", font_size=40)
        b = Text("potential energy", font_size=40).shift(DOWN * 0.15)
        self.play(FadeIn(a), FadeIn(b))
        self.wait(1.5)
        self.play(b.animate.shift(DOWN * 2))
        self.wait(1)
