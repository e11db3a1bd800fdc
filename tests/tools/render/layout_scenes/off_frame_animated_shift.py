from manim import *


class SlidesOff(Scene):
    def construct(self):
        t = Text("Energy is conserved", font_size=48)
        self.play(Write(t))
        self.play(t.animate.shift(RIGHT * 6))
        self.wait(1.5)
